/**
 * The Zipf benchmark's trace and its yardstick: a seeded Zipf(alpha) sequence of object indexes, and the
 * storage reads a perfect LRU of the same capacity would make on it, with the origin's own memory cache
 * doing the accounting (same entry cost, same eviction order).
 */
import { createMemorySegmentCache } from '../../../packager/cache/memory-segment-cache.js';

/** A small seeded PRNG (mulberry32): the same trace on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `length` object indexes in 0..objectCount-1; popularity rank r has weight 1/r^alpha, ranks shuffled. */
export function zipfTrace(objectCount: number, length: number, alpha: number, seed: number): number[] {
  const random = seededRandom(seed);
  const cumulative = new Float64Array(objectCount);
  let total = 0;
  for (let rank = 0; rank < objectCount; rank += 1) {
    total += 1 / (rank + 1) ** alpha;
    cumulative[rank] = total;
  }
  // Popularity is not tied to object order (first assets are not the hottest).
  const objectOfRank = Array.from({ length: objectCount }, (_, index) => index);
  for (let index = objectCount - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [objectOfRank[index], objectOfRank[other]] = [objectOfRank[other] ?? 0, objectOfRank[index] ?? 0];
  }
  const trace: number[] = [];
  for (let index = 0; index < length; index += 1) {
    const target = random() * total;
    let low = 0;
    let high = objectCount - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] ?? 0) < target) low = middle + 1;
      else high = middle;
    }
    trace.push(objectOfRank[low] ?? 0);
  }
  return trace;
}

/** Misses (storage reads) of a perfect LRU of `capacityBytes` on the trace, objects of `sizes` bytes. */
export function lruMisses(trace: readonly number[], sizes: readonly number[], capacityBytes: number): number {
  const cache = createMemorySegmentCache({ maxBytes: capacityBytes, maxObjectBytes: capacityBytes });
  let misses = 0;
  for (const index of trace) {
    const key = String(index);
    if (cache.getNow(key)) continue;
    misses += 1;
    cache.setNow(key, { body: Buffer.allocUnsafe(sizes[index] ?? 0), etag: '', contentType: '' });
  }
  return misses;
}
