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
   * Stops reading: the rest of the body is not read (Node's message is destroyed, the web stream cancelled),
   * and the answer (a `413` to a body that passed the limit) still reaches the client.
   */
  return(): Promise<IteratorResult<Uint8Array, undefined>>;
}

const DONE: IteratorResult<Uint8Array, undefined> = { value: undefined, done: true };

/** Null when the request has no body at all (a web request without one). */
export function requestBodyChunks(request: Request, env: unknown): BodyChunks | null {
  // Both are async iterables of byte chunks whose return() stops the source (Node's web streams are, though
  // the DOM type does not say so).
  const source = unreadIncoming(env) ?? (request.body as AsyncIterable<Uint8Array> | null);
  if (!source) return null;
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Uint8Array, undefined>;
  return {
    next: () => chunks.next(),
    async return() {
      // Stopping an input we no longer want cannot fail in a way the caller could act on.
      await chunks.return?.().catch(() => undefined);
      return DONE;
    },
  };
}

function unreadIncoming(env: unknown): IncomingMessage | null {
  const incoming = (env as { incoming?: unknown } | undefined)?.incoming;
  if (!(incoming instanceof IncomingMessage)) return null;
  // `readableFlowing` leaves null as soon as anything listens for data or pipes it (the web stream does).
  return incoming.readableFlowing === null && !incoming.readableDidRead ? incoming : null;
}
