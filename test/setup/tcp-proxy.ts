/**
 * A TCP proxy on a loopback port in front of a real server, that a test can break on purpose: `cut()` makes
 * the server unreachable (connections refused, open ones reset), `blackhole()` accepts connections and never
 * answers (a hung upstream), `restore()` heals it on the same port. It also counts the bytes the server sent,
 * which shows how much a client of the server actually pulled.
 */
import net from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Bytes forwarded from the server to its clients so far. */
  bytesFromServer(): number;
  /** Connections open through the proxy now. */
  openConnections(): number;
  cut(): Promise<void>;
  blackhole(): void;
  restore(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let mode: 'forward' | 'blackhole' = 'forward';
  let bytes = 0;
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = net.createServer((client) => {
    track(client);
    client.on('error', () => undefined);
    if (mode === 'blackhole') return; // read nothing, answer nothing
    const upstream = net.connect({ port: targetPort, host: '127.0.0.1' });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    client.pipe(upstream);
    upstream.pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const { port } = server.address() as net.AddressInfo;
  const closeAll = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };

  return {
    port,
    bytesFromServer: () => bytes,
    openConnections: () => sockets.size,
    cut: async () => {
      if (server.listening) await closeAll();
    },
    blackhole: () => {
      mode = 'blackhole';
      for (const socket of sockets) socket.destroy();
    },
    restore: async () => {
      mode = 'forward';
      if (!server.listening) await listen(port);
    },
    stop: async () => {
      if (server.listening) await closeAll();
    },
  };
}
