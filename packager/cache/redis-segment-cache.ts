/**
 * The shared cache tier on Redis (`REDIS_CACHE_URL`, a server of its own with `allkeys-lru` and a
 * maxmemory): every origin instance reads and fills the same entries, and fill leases (SET NX PX) let a herd
 * across instances cause about one storage read. A Redis that is down or reconnecting is reported at once
 * (nothing waits in an offline queue), so a dead cache costs requests nothing but the trip to storage.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppError } from '../domain/errors.js';
import type { CacheLease, CachedObject, SegmentCache } from '../ports.js';

export interface RedisSegmentCacheOptions {
  /** A connection from createCacheRedis (fail-fast settings); the caller owns and closes it. */
  readonly redis: Redis;
  /** Prepended to every key: several deployments (or tests) can share one server. */
  readonly keyPrefix: string;
  /** Larger objects are not stored: big values block Redis and crowd out many small hot ones. */
  readonly maxObjectBytes: number;
}

/** Value layout: version byte, uint16 length of a JSON [etag, contentType] header, then the body. */
const FORMAT_VERSION = 1;
const HEADER_BYTES = 3;

// Deletes the lease only if it is still ours: an expired lease may already belong to another filler.
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

export function createRedisSegmentCache(options: RedisSegmentCacheOptions): SegmentCache {
  const { redis, keyPrefix, maxObjectBytes } = options;
  const objectKey = (key: string) => `${keyPrefix}o:${key}`;
  const leaseKey = (key: string) => `${keyPrefix}l:${key}`;

  async function call<T>(action: string, run: () => Promise<T>): Promise<T> {
    // 'ready' only: while (re)connecting, commands would fail after a delay or queue; answer at once instead.
    if (redis.status !== 'ready') throw unavailable(action, new Error(`redis connection is ${redis.status}`));
    try {
      return await run();
    } catch (error) {
      throw unavailable(action, error);
    }
  }

  return {
    async get(key) {
      const value = await call('reading', () => redis.getBuffer(objectKey(key)));
      return value === null ? null : decode(value);
    },

    async set(key, object) {
      if (object.body.length > maxObjectBytes) return false;
      const value = encode(object);
      await call('writing', () => redis.set(objectKey(key), value));
      return true;
    },

    async acquireLease(key, ttlMs) {
      const token = randomBytes(12).toString('base64url');
      const taken = await call('taking a fill lease', () =>
        redis.set(leaseKey(key), token, 'PX', Math.max(1, Math.round(ttlMs)), 'NX'),
      );
      if (taken !== 'OK') return null;
      const lease: CacheLease = {
        release: async () => {
          try {
            await redis.eval(RELEASE_SCRIPT, 1, leaseKey(key), token);
          } catch {
            // The lease expires by itself within its time to live; failing to delete it early only delays
            // other instances' waiters by that much, so there is nothing to report.
          }
        },
      };
      return lease;
    },
  };
}

function encode(object: CachedObject): Buffer {
  const header = Buffer.from(JSON.stringify([object.etag, object.contentType]), 'utf8');
  const prefix = Buffer.allocUnsafe(HEADER_BYTES);
  prefix.writeUInt8(FORMAT_VERSION, 0);
  prefix.writeUInt16BE(header.length, 1);
  return Buffer.concat([prefix, header, object.body]);
}

/** Null for a value this version cannot read (written by another version): a miss, refilled from storage. */
function decode(value: Buffer): CachedObject | null {
  if (value.length < HEADER_BYTES || value.readUInt8(0) !== FORMAT_VERSION) return null;
  const headerEnd = HEADER_BYTES + value.readUInt16BE(1);
  if (headerEnd > value.length) return null;
  let header: unknown;
  try {
    header = JSON.parse(value.toString('utf8', HEADER_BYTES, headerEnd));
  } catch {
    return null;
  }
  if (!Array.isArray(header) || typeof header[0] !== 'string' || typeof header[1] !== 'string') return null;
  return { etag: header[0], contentType: header[1], body: value.subarray(headerEnd) };
}

function unavailable(action: string, cause: unknown): AppError {
  return new AppError('upstream_unavailable', `The segment cache is not reachable while ${action}.`, {
    retryable: true,
    cause,
  });
}
