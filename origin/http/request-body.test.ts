import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { requestBodyChunks, type BodyChunks } from './request-body.js';

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

async function readAll(chunks: BodyChunks): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for (let next = await chunks.next(); !next.done; next = await chunks.next()) parts.push(next.value);
  return Buffer.concat(parts);
}

interface Seen {
  md5?: string;
  /** Whether the web Request's body was used: false when the bytes came from Node's message. */
  webBodyUsed?: boolean;
}

let server: Server | undefined;
afterEach(async () => {
  const running = server;
  server = undefined;
  if (!running) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
});

/** The app behind the node:http listener, as server.ts runs it. */
async function listen(app: Hono): Promise<string> {
  const listener = getRequestListener(app.fetch);
  server = createServer((req, res) => void listener(req, res));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

const body = randomBytes(3 * 1024 * 1024 + 17);

/** Posts `body` over node:http to a route that reads it with `read`; what the route saw. */
async function postBody(read: (c: Context) => Promise<Buffer>): Promise<Seen> {
  const seen: Seen = {};
  const app = new Hono();
  app.post('/up', async (c) => {
    seen.md5 = md5(await read(c));
    seen.webBodyUsed = c.req.raw.bodyUsed;
    return c.text('ok');
  });
  const response = await fetch(`${await listen(app)}/up`, { method: 'POST', body });
  expect(response.status).toBe(200);
  return seen;
}

function chunksOf(c: Context): BodyChunks {
  const chunks = requestBodyChunks(c.req.raw, c.env);
  if (!chunks) throw new Error('no body');
  return chunks;
}

describe('request body chunks', () => {
  it("reads a request that came through node:http straight from Node's message, byte for byte", async () => {
    const seen = await postBody((c) => readAll(chunksOf(c)));
    expect(seen).toEqual({ md5: md5(body), webBodyUsed: false });
  });

  it('reads the rest from the web stream once that stream has read from the message: no byte lost or read twice', async () => {
    const seen = await postBody(async (c) => {
      const reader = c.req.raw.body?.getReader();
      const first = await reader?.read();
      if (!reader || !first || first.done) throw new Error('no body');
      // Time for the web stream to read ahead of its reader (the chunk it then holds must not be lost).
      await new Promise((resolve) => setTimeout(resolve, 100));
      reader.releaseLock();
      return Buffer.concat([first.value, await readAll(chunksOf(c))]);
    });
    expect(seen).toEqual({ md5: md5(body), webBodyUsed: true });
  });

  it('stops reading at return(): the answer reaches the client, and the rest of the body is never read', async () => {
    let readBytes = 0;
    const app = new Hono();
    app.post('/up', async (c) => {
      const chunks = chunksOf(c);
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
        readBytes += next.value.byteLength;
        if (readBytes > 1024 * 1024) break;
      }
      await chunks.return();
      return c.json({ code: 'payload_too_large' }, 413);
    });
    const base = await listen(app);
    // A client that would send 1 GiB: it gets the answer while it sends, and the server closes the rest.
    let sentBytes = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sentBytes >= 1024 ** 3) return controller.close();
        sentBytes += 256 * 1024;
        controller.enqueue(new Uint8Array(256 * 1024));
      },
    });
    const response = await fetch(`${base}/up`, {
      method: 'POST',
      body: endless,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ code: 'payload_too_large' });
    expect(readBytes).toBeLessThan(2 * 1024 * 1024);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(sentBytes).toBeLessThan(1024 ** 3);
  });

  it("reads the web stream of a request that has no Node message (Hono's app.request)", async () => {
    const app = new Hono();
    app.post('/up', async (c) => {
      const chunks = requestBodyChunks(c.req.raw, c.env);
      return c.text(chunks ? md5(await readAll(chunks)) : 'none');
    });
    app.get('/up', (c) => c.text(requestBodyChunks(c.req.raw, c.env) === null ? 'none' : 'some'));
    expect(await (await app.request('/up', { method: 'POST', body })).text()).toBe(md5(body));
    expect(await (await app.request('/up')).text()).toBe('none');
  });
});
