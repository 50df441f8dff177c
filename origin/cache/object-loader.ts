/**
 * Gets an immutable object through the cache tiers: this process's LRU, then the shared Redis, then storage.
 * Concurrent requests for one key in this process share one fill (single-flight); across processes a short
 * Redis lease makes one instance read storage while the others wait for its entry to appear. Objects up to
 * `maxCachedObjectBytes` are read whole, cached in both tiers and served as Buffers; larger ones are never
 * held whole: the caller streams them from storage.
 */
import { LRUCache } from 'lru-cache';
import { AppError, isAppError } from '../../packager/domain/errors.js';
import type { CachedObject, Logger, ObjectInfo, ObjectStream, SegmentCache } from '../../packager/ports.js';
import type { MemorySegmentCache } from '../../packager/cache/memory-segment-cache.js';
import type { OriginMetrics } from '../http/metrics.js';
import type { GuardedStore } from './guarded-store.js';
import { createSingleFlight } from './single-flight.js';

export type LoadedObject<T> =
  | { readonly kind: 'cached'; readonly object: T }
  /** Too large to cache: `takeStream` hands the fill's open stream to one caller; others open their own. */
  | {
      readonly kind: 'large';
      readonly info: ObjectInfo;
      readonly takeStream: () => ObjectStream | undefined;
    };

export interface ObjectLoaderDeps<T extends CachedObject> {
  readonly memory: MemorySegmentCache<T>;
  /** The shared tier, or null when none is configured. */
  readonly shared: SegmentCache | null;
  readonly store: GuardedStore;
  /** Builds what the memory tier keeps (the object with its prepared headers). */
  readonly prepare: (key: string, object: CachedObject) => T;
  readonly maxCachedObjectBytes: number;
  /** Time to live of a fill lease, and how long other instances wait for its holder's entry. */
  readonly leaseTtlMs: number;
  /** Deadline for reading a cacheable body whole. */
  readonly readTimeoutMs: number;
  readonly metrics: Pick<OriginMetrics, 'cacheLookups' | 'coalescedRequests'>;
  readonly logger: Logger;
}

export interface ObjectLoader<T> {
  /** Size and type of an object known to be too large to cache (stream it directly), or undefined. */
  knownLarge(key: string): ObjectInfo | undefined;
  load(key: string): Promise<LoadedObject<T>>;
}

const FIRST_POLL_MS = 5;
const MAX_POLL_MS = 50;

export function createObjectLoader<T extends CachedObject>(deps: ObjectLoaderDeps<T>): ObjectLoader<T> {
  const { memory, shared, store, metrics, logger } = deps;
  const large = new LRUCache<string, ObjectInfo>({ max: 10_000 });
  const fills = createSingleFlight<LoadedObject<T>>(() => metrics.coalescedRequests.inc({ scope: 'local' }));
  const lookups = {
    hit: metrics.cacheLookups.labels('redis', 'segment', 'hit'),
    miss: metrics.cacheLookups.labels('redis', 'segment', 'miss'),
    error: metrics.cacheLookups.labels('redis', 'segment', 'error'),
  };

  /** The shared entry, null on a miss, undefined when the shared tier cannot answer. */
  async function readShared(key: string): Promise<CachedObject | null | undefined> {
    if (!shared) return undefined;
    try {
      const found = await shared.get(key);
      (found ? lookups.hit : lookups.miss).inc();
      return found;
    } catch (error) {
      lookups.error.inc();
      logger.debug({ err: error, key }, 'shared cache read failed');
      return undefined;
    }
  }

  /** Waits for another instance's fill: its entry, or the lease once it is free, or nothing at the deadline. */
  async function waitForPeer(key: string, sharedTier: SegmentCache) {
    const deadline = Date.now() + deps.leaseTtlMs;
    for (let delayMs = FIRST_POLL_MS; Date.now() < deadline; delayMs = Math.min(delayMs * 2, MAX_POLL_MS)) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const found = await readShared(key);
      if (found) return { found };
      if (found === undefined) return {};
      try {
        const lease = await sharedTier.acquireLease(key, deps.leaseTtlMs);
        if (lease) return { lease };
      } catch {
        return {};
      }
    }
    return {};
  }

  async function fill(key: string): Promise<LoadedObject<T>> {
    const fromShared = await readShared(key);
    if (fromShared) return cacheInMemory(key, fromShared);
    let lease = null;
    if (shared && fromShared === null) {
      lease = await shared.acquireLease(key, deps.leaseTtlMs).catch(() => null);
      if (lease) {
        // The previous holder may have filled and released between our read and our lease.
        const filledMeanwhile = await readShared(key);
        if (filledMeanwhile) {
          await lease.release();
          return cacheInMemory(key, filledMeanwhile);
        }
      } else {
        const peer = await waitForPeer(key, shared);
        if (peer.found) {
          metrics.coalescedRequests.inc({ scope: 'lease' });
          return cacheInMemory(key, peer.found);
        }
        lease = peer.lease ?? null;
      }
    }
    let opened: ObjectStream;
    try {
      opened = await store.get(key);
    } catch (error) {
      await lease?.release();
      throw error;
    }
    const { info } = opened;
    if (info.sizeBytes > deps.maxCachedObjectBytes) {
      await lease?.release();
      large.set(key, info);
      let untaken: ObjectStream | undefined = opened;
      // Callers take it right after the fill settles; one that does not want it must not leak a socket.
      setImmediate(() => untaken?.body.destroy());
      const takeStream = () => {
        const taken = untaken;
        untaken = undefined;
        return taken;
      };
      return { kind: 'large', info, takeStream };
    }
    let body: Buffer;
    try {
      body = await readWhole(opened, deps.readTimeoutMs);
    } catch (error) {
      await lease?.release();
      throw error;
    }
    const object: CachedObject = { body, etag: info.etag, contentType: info.contentType };
    const loaded = cacheInMemory(key, object);
    if (shared) {
      // In the background: this request is answered now; the lease is released once the entry is there.
      shared
        .set(key, object)
        .catch((error: unknown) => logger.debug({ err: error, key }, 'shared cache write failed'))
        .finally(() => void lease?.release());
    }
    return loaded;
  }

  /** Prepares the object once (headers), keeps it in this process if it fits, and answers with it. */
  function cacheInMemory(key: string, object: CachedObject): LoadedObject<T> {
    const prepared = deps.prepare(key, object);
    memory.setNow(key, prepared);
    return { kind: 'cached', object: prepared };
  }

  return {
    knownLarge: (key) => large.get(key),
    load: (key) => fills.run(key, () => fill(key)),
  };
}

/** The whole body into one Buffer of the announced size, within the deadline. */
async function readWhole(opened: ObjectStream, timeoutMs: number): Promise<Buffer> {
  const { info, body } = opened;
  const timer = setTimeout(() => {
    body.destroy(
      new AppError('upstream_timeout', 'Storage did not deliver the object in time.', {
        retryable: true,
        details: { key: info.key, timeoutMs },
      }),
    );
  }, timeoutMs);
  const whole = Buffer.allocUnsafe(info.sizeBytes);
  let offset = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (offset + chunk.length > whole.length) throw sizeChanged(info);
      chunk.copy(whole, offset);
      offset += chunk.length;
    }
  } catch (error) {
    body.destroy();
    throw isAppError(error)
      ? error
      : new AppError('upstream_unavailable', 'Storage failed while sending the object.', {
          retryable: true,
          details: { key: info.key },
          cause: error,
        });
  } finally {
    clearTimeout(timer);
  }
  if (offset !== whole.length) throw sizeChanged(info);
  return whole;
}

function sizeChanged(info: ObjectInfo): AppError {
  return new AppError('upstream_unavailable', 'Storage sent a different size than it announced.', {
    retryable: true,
    details: { key: info.key, sizeBytes: info.sizeBytes },
  });
}
