/**
 * The body of a request that streams into storage (an upload, a tus PATCH), chunk by chunk.
 *
 * Through the node:http server (server.ts) the chunks come straight from Node's IncomingMessage, in
 * `env.incoming` of @hono/node-server: the web ReadableStream it otherwise puts around that message costs
 * every chunk a few promise turns (the benchmark's 78 MB source posted over loopback into the filesystem store
 * through the upload route's body: 0.31-0.37 s and 0.37-0.45 CPU-s of client and server together, against
 * 0.35-0.40 s and 0.42-0.48 CPU-s, alternated, six each). Elsewhere (Hono's `app.request` in tests) from the request's web stream, and from it
 * too once that stream has read from the message: the message is taken only while nothing has read it or
 * listens to it, so no byte is read twice or lost.
 */
import { IncomingMessage } from 'node:http';

export interface BodyChunks {
  next(): Promise<IteratorResult<Uint8Array, undefined>>;
  /**
   * Stops reading: the rest of the body is not read (Node's message is destroyed, as cancelling the web stream
   * does), and the answer (a `413` to a body that passed the limit) still reaches the client.
   */
  return(): Promise<IteratorResult<Uint8Array, undefined>>;
}

/** Null when the request has no body at all (a web request without one). */
export function requestBodyChunks(request: Request, env: unknown): BodyChunks | null {
  const incoming = unreadIncoming(env);
  if (incoming) return nodeChunks(incoming);
  return request.body ? webChunks(request.body) : null;
}

function unreadIncoming(env: unknown): IncomingMessage | null {
  const incoming = (env as { incoming?: unknown } | undefined)?.incoming;
  if (!(incoming instanceof IncomingMessage)) return null;
  // `readableFlowing` leaves null as soon as anything listens for data or pipes it (the web stream does).
  return incoming.readableFlowing === null && !incoming.readableDidRead ? incoming : null;
}

const DONE: IteratorResult<Uint8Array, undefined> = { value: undefined, done: true };

function nodeChunks(incoming: IncomingMessage): BodyChunks {
  const chunks = incoming[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return {
    async next() {
      const next = await chunks.next();
      return next.done ? DONE : { value: next.value, done: false };
    },
    async return() {
      await chunks.return?.();
      return DONE;
    },
  };
}

function webChunks(stream: ReadableStream<Uint8Array>): BodyChunks {
  const reader = stream.getReader();
  return {
    async next() {
      const { value, done } = await reader.read();
      return done ? DONE : { value, done: false };
    },
    async return() {
      // Cancelling an input we no longer want cannot fail in a way the caller could act on.
      await reader.cancel().catch(() => undefined);
      return DONE;
    },
  };
}
