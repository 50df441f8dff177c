import { Readable } from 'node:stream';

export type StreamHead =
  /** The stream ended within the limit: here is all of it. */
  | { readonly ended: true; readonly whole: Buffer }
  /** The stream is longer than the limit: `stream` replays the bytes read so far, then the rest. */
  | { readonly ended: false; readonly stream: Readable };

/**
 * Reads up to `limitBytes` (plus at most one chunk) from `source` to learn whether it is small. Lets a
 * store send a small stream of unknown size in one request and keep multipart uploads for large ones. Never
 * holds more than about `limitBytes` of the source in memory.
 */
export async function readStreamHead(source: Readable, limitBytes: number): Promise<StreamHead> {
  const iterator = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let sizeBytes = 0;
  while (sizeBytes <= limitBytes) {
    const next = await iterator.next();
    if (next.done === true) return { ended: true, whole: Buffer.concat(chunks) };
    chunks.push(next.value);
    sizeBytes += next.value.length;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      // shift() so the head's memory is released as it is sent.
      for (let chunk = chunks.shift(); chunk !== undefined; chunk = chunks.shift()) yield chunk;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        yield next.value;
      }
    } finally {
      // Stops (and destroys) the source when the consumer gives up early.
      await iterator.return?.();
    }
  }
  return { ended: false, stream: Readable.from(replay(), { objectMode: false }) };
}
