/** Load shapes wrk cannot make: a herd on one cold object, a trace replayed in order, idle connections. */
import http from 'node:http';
import net from 'node:net';

function get(agent: http.Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (response) => {
        response.resume();
        response.once('end', () => resolve(response.statusCode ?? 0));
        response.once('error', reject);
      })
      .once('error', reject);
  });
}

/** `count` requests for one URL at once, each on its own connection; the statuses. */
export async function herd(url: string, count: number): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: false, maxSockets: count });
  try {
    return await Promise.all(Array.from({ length: count }, () => get(agent, url)));
  } finally {
    agent.destroy();
  }
}

/** Requests `paths` in order from `concurrency` keep-alive clients; counts answers other than 200. */
export async function replay(
  baseUrl: string,
  paths: readonly string[],
  concurrency: number,
): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  let failures = 0;
  const client = async () => {
    while (next < paths.length) {
      const path = paths[next++] ?? '';
      if ((await get(agent, `${baseUrl}${path}`).catch(() => 0)) !== 200) failures += 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, client));
  } finally {
    agent.destroy();
  }
  return failures;
}

export interface IdleConnections {
  readonly open: number;
  close(): void;
}

/**
 * Opens `count` keep-alive connections to host:port, each making one request for `path` and then staying
 * idle, `batch` at a time. Resolves once every one has its answer.
 */
export async function openIdleConnections(
  port: number,
  path: string,
  count: number,
  batch = 500,
): Promise<IdleConnections> {
  const sockets: net.Socket[] = [];
  const request = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`;
  for (let start = 0; start < count; start += batch) {
    await Promise.all(
      Array.from(
        { length: Math.min(batch, count - start) },
        () =>
          new Promise<void>((resolve, reject) => {
            const socket = net.connect({ port, host: '127.0.0.1' });
            sockets.push(socket);
            socket.once('error', reject);
            socket.once('connect', () => socket.write(request));
            let seen = '';
            const onData = (chunk: Buffer) => {
              seen += chunk.toString('latin1');
              const headerEnd = seen.indexOf('\r\n\r\n');
              if (headerEnd < 0) return;
              const length = Number(/content-length: (\d+)/i.exec(seen)?.[1] ?? 0);
              if (seen.length - headerEnd - 4 < length) return;
              socket.off('data', onData);
              seen = '';
              resolve();
            };
            socket.on('data', onData);
          }),
      ),
    );
  }
  return {
    open: sockets.filter((socket) => !socket.destroyed).length,
    close: () => sockets.forEach((socket) => socket.destroy()),
  };
}
