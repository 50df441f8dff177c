/**
 * The in-process cache tier: an LRU bounded in bytes (lru-cache), holding objects as Buffers so a hit is
 * served with no copy and no I/O. Also the SegmentCache of unit tests (its leases work within one process).
 */
import { LRUCache } from 'lru-cache';
import type { CacheLease, CachedObject, Clock, SegmentCache } from '../ports.js';

/** What an entry costs beyond its body: the key, the entry object, headers prepared with it. */
export const MEMORY_ENTRY_OVERHEAD_BYTES = 512;

export interface MemorySegmentCacheOptions {
  /** Capacity: the sum of bodies plus MEMORY_ENTRY_OVERHEAD_BYTES per entry never exceeds it. */
  readonly maxBytes: number;
  /** Larger objects are not stored (`set` answers false). */
  readonly maxObjectBytes: number;
  /** For lease expiry; defaults to Date.now. */
  readonly clock?: Clock;
}

/**
 * A SegmentCache whose entries may carry more than a CachedObject (the origin keeps each object with its
 * response headers prepared once), with synchronous access for the request hot path.
 */
export interface MemorySegmentCache<T extends CachedObject = CachedObject> extends SegmentCache {
  get(key: string): Promise<T | null>;
  set(key: string, object: T): Promise<boolean>;
  /** The entry now, refreshing its recency; undefined on a miss. */
  getNow(key: string): T | undefined;
  /** Stores now; false when over the per-object cap. */
  setNow(key: string, object: T): boolean;
  /** Bytes held, overhead included. */
  sizeBytes(): number;
  entryCount(): number;
}

export function createMemorySegmentCache<T extends CachedObject = CachedObject>(
  options: MemorySegmentCacheOptions,
): MemorySegmentCache<T> {
  const clock = options.clock ?? { nowMs: () => Date.now() };
  const entries = new LRUCache<string, T>({
    maxSize: Math.max(1, options.maxBytes),
    sizeCalculation: (object) => object.body.length + MEMORY_ENTRY_OVERHEAD_BYTES,
  });
  const leases = new Map<string, { readonly token: object; readonly expiresAtMs: number }>();
  const fits = (object: T) =>
    object.body.length <= options.maxObjectBytes &&
    object.body.length + MEMORY_ENTRY_OVERHEAD_BYTES <= options.maxBytes;

  const setNow = (key: string, object: T): boolean => {
    if (!fits(object)) return false;
    entries.set(key, object);
    return true;
  };

  return {
    getNow: (key) => entries.get(key),
    setNow,
    get: (key) => Promise.resolve(entries.get(key) ?? null),
    set: (key, object) => Promise.resolve(setNow(key, object)),
    acquireLease(key, ttlMs) {
      const nowMs = clock.nowMs();
      const held = leases.get(key);
      if (held && held.expiresAtMs > nowMs) return Promise.resolve(null);
      const token = {};
      leases.set(key, { token, expiresAtMs: nowMs + ttlMs });
      const lease: CacheLease = {
        release: () => {
          if (leases.get(key)?.token === token) leases.delete(key);
          return Promise.resolve();
        },
      };
      return Promise.resolve(lease);
    },
    sizeBytes: () => entries.calculatedSize,
    entryCount: () => entries.size,
  };
}
