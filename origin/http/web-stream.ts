import type { Readable } from 'node:stream';

/**
 * A Node Readable as a web ReadableStream for a Response body, with back-pressure: a chunk is read from the
 * source only when the HTTP writer asks for one (it asks again after the socket drains). When the client
 * goes away the server cancels the stream, which destroys the source (an S3 socket, a file handle).
 */
export function toWebStream(source: Readable): ReadableStream<Uint8Array> {
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(typeof next.value === 'string' ? Buffer.from(next.value) : next.value);
      },
      cancel(reason) {
        source.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    // Nothing is buffered ahead on the web side: the Readable's own buffer already does that.
    { highWaterMark: 0 },
  );
}
