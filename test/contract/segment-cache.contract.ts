import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CachedObject, SegmentCache } from '../../packager/ports.js';
import { waitFor } from '../setup/wait-for.js';

/** Builds an empty, isolated cache for one test with this per-object cap. */
export type MakeSegmentCache = (maxObjectBytes: number) => Promise<SegmentCache>;

const MAX_OBJECT_BYTES = 64 * 1024;

function object(sizeBytes: number): CachedObject {
  return { body: randomBytes(sizeBytes), etag: randomBytes(16).toString('hex'), contentType: 'video/mp4' };
}

/** What every SegmentCache promises: the in-process LRU and Redis both pass it. */
export function describeSegmentCacheContract(name: string, make: MakeSegmentCache): void {
  describe(`SegmentCache contract: ${name}`, () => {
    it('misses, then answers the same bytes and metadata once set', async () => {
      const cache = await make(MAX_OBJECT_BYTES);
      expect(await cache.get('assets/a/r1/360p/1.m4s')).toBeNull();
      // Every byte value, and a header-looking prefix: values are opaque binary.
      const stored = {
        ...object(0),
        body: Buffer.concat([Buffer.from([1, 0, 9]), Buffer.from([...Array(256).keys()])]),
      };
      expect(await cache.set('assets/a/r1/360p/1.m4s', stored)).toBe(true);
      const found = await cache.get('assets/a/r1/360p/1.m4s');
      expect(found && Buffer.from(found.body).equals(stored.body)).toBe(true);
      expect(found).toMatchObject({ etag: stored.etag, contentType: 'video/mp4' });
      expect(await cache.get('assets/a/r1/360p/2.m4s')).toBeNull();
    });

    it('keeps an empty object and one exactly at the cap, refuses one byte more', async () => {
      const cache = await make(MAX_OBJECT_BYTES);
      expect(await cache.set('empty', object(0))).toBe(true);
      expect((await cache.get('empty'))?.body.length).toBe(0);
      expect(await cache.set('at-cap', object(MAX_OBJECT_BYTES))).toBe(true);
      expect((await cache.get('at-cap'))?.body.length).toBe(MAX_OBJECT_BYTES);
      expect(await cache.set('over-cap', object(MAX_OBJECT_BYTES + 1))).toBe(false);
      expect(await cache.get('over-cap')).toBeNull();
    });

    it('gives a fill lease to one caller among concurrent ones until it is released', async () => {
      const cache = await make(MAX_OBJECT_BYTES);
      const leases = await Promise.all(Array.from({ length: 20 }, () => cache.acquireLease('cold', 10_000)));
      const held = leases.filter((lease) => lease !== null);
      expect(held).toHaveLength(1);
      expect(await cache.acquireLease('other', 10_000)).not.toBeNull();
      await held[0]?.release();
      const next = await cache.acquireLease('cold', 10_000);
      expect(next).not.toBeNull();
      await next?.release();
      await next?.release(); // twice is harmless
    });

    it('lets a lease expire, and an expired holder cannot release its successor', async () => {
      const cache = await make(MAX_OBJECT_BYTES);
      const first = await cache.acquireLease('slow', 30);
      expect(first).not.toBeNull();
      // The successor's lease (10 s) is taken as soon as the first one (30 ms) has expired.
      await waitFor(async () => (await cache.acquireLease('slow', 10_000)) !== null, {
        timeoutMs: 5000,
        what: 'the first lease to expire',
      });
      await first?.release();
      expect(await cache.acquireLease('slow', 10_000)).toBeNull();
    });
  });
}
