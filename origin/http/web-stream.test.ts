import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { toWebStream } from './web-stream.js';

/** A source of `total` chunks that records how many it was asked to produce. */
function countingSource(total: number) {
  let produced = 0;
  const source = new Readable({
    highWaterMark: 1,
    objectMode: false,
    read() {
      produced += 1;
      this.push(produced <= total ? Buffer.alloc(16 * 1024, produced) : null);
    },
  });
  return { source, produced: () => produced };
}

describe('toWebStream', () => {
  it('delivers every byte in order', async () => {
    const { source } = countingSource(5);
    const bytes = Buffer.from(await new Response(toWebStream(source)).arrayBuffer());
    expect(bytes.length).toBe(5 * 16 * 1024);
    expect([bytes[0], bytes[16 * 1024], bytes[bytes.length - 1]]).toEqual([1, 2, 5]);
  });

  it('reads from the source only as fast as the consumer reads', async () => {
    const { source, produced } = countingSource(1000);
    const reader = toWebStream(source).getReader();
    await reader.read();
    await reader.read();
    // A couple of chunks of read-ahead in the Readable, never the whole source.
    expect(produced()).toBeLessThan(10);
    await reader.cancel();
  });

  it('destroys the source when the consumer cancels (client went away)', async () => {
    const { source } = countingSource(1000);
    const reader = toWebStream(source).getReader();
    await reader.read();
    await reader.cancel(new Error('client aborted'));
    expect(source.destroyed).toBe(true);
  });

  it('errors the web stream when the source fails', async () => {
    const source = new Readable({
      read() {
        this.destroy(new Error('storage connection reset'));
      },
    });
    await expect(new Response(toWebStream(source)).arrayBuffer()).rejects.toThrow('storage connection reset');
  });
});
