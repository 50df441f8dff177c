/**
 * The origin's delivery settings (issue 4: cache tiers, coalescing, storage guard, processes, signed
 * playback): their environment variables and their typed form. Part of loadConfig (config.ts), kept apart so
 * each group of settings reads as one piece.
 */
import { z } from 'zod';

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const MIB = 1024 * 1024;

export const deliveryEnvShape = {
  ORIGIN_WORKERS: integer(0, 64).default(1),
  CACHE_MEMORY_MAX_BYTES: integer(MIB, Number.MAX_SAFE_INTEGER).default(256 * MIB),
  CACHE_MEMORY_MAX_OBJECT_BYTES: integer(0, Number.MAX_SAFE_INTEGER).default(8 * MIB),
  REDIS_CACHE_MAX_OBJECT_BYTES: integer(0, 512 * MIB).default(4 * MIB),
  REDIS_CACHE_MAXMEMORY_BYTES: integer(MIB, Number.MAX_SAFE_INTEGER).default(256 * MIB),
  CACHE_FILL_LEASE_MS: integer(50, 60_000).default(3000),
  ASSET_CACHE_TTL_MS: integer(0, 600_000).default(1000),
  STORAGE_TIMEOUT_MS: integer(100, 600_000).default(5000),
  STORAGE_BREAKER_FAILURES: integer(1, 1000).default(5),
  STORAGE_BREAKER_COOLDOWN_MS: integer(100, 600_000).default(5000),
  PENDING_SEGMENT_WAIT_MS: integer(0, 60_000).default(8000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: integer(1000, 3_600_000).default(65_000),
  HTTP_IDLE_TIMEOUT_MS: integer(1000, 3_600_000).default(60_000),
  PLAYBACK_SIGNING_KEYS: z.string().optional(),
  PLAYBACK_TOKEN_TTL_SECONDS: integer(10, 366 * 86_400).default(6 * 3600),
};

type DeliveryEnv = z.infer<z.ZodObject<typeof deliveryEnvShape>>;

export interface SigningKeyConfig {
  readonly id: string;
  readonly secret: string;
}

export interface DeliveryConfig {
  /** Origin processes (node:cluster workers) sharing one port; 1 = no cluster, 0 = one per CPU. */
  readonly originWorkers: number;
  /** Each origin process's in-memory cache: capacity and largest object kept, bytes. */
  readonly cacheMemoryMaxBytes: number;
  readonly cacheMemoryMaxObjectBytes: number;
  /** Largest object kept in the shared Redis cache, bytes; objects above both caps stream from storage. */
  readonly redisCacheMaxObjectBytes: number;
  /** maxmemory of the local cache redis-server all-in-one starts when REDIS_CACHE_URL is unset. */
  readonly redisCacheMaxmemoryBytes: number;
  /** How long one instance may hold a cold object's fill lease while the others wait for its entry. */
  readonly cacheFillLeaseMs: number;
  /** How long an origin trusts its copy of an asset record (current revision, playback policy). */
  readonly assetCacheTtlMs: number;
  /** Deadline of each storage call, and of reading a cacheable object whole. */
  readonly storageTimeoutMs: number;
  /** Consecutive storage failures that open the circuit breaker, and how long it then stays open. */
  readonly storageBreakerFailures: number;
  readonly storageBreakerCooldownMs: number;
  /** How long a request for a segment still being encoded is held before a 503 with Retry-After. */
  readonly pendingSegmentWaitMs: number;
  /** How long an idle keep-alive connection stays open (keep it above the load balancer's idle timeout). */
  readonly httpKeepAliveTimeoutMs: number;
  /** A connection with a response pending that moves no byte for this long is closed. */
  readonly httpIdleTimeoutMs: number;
  /** Playback token keys; the first signs, all verify. Empty: signed playback is unavailable. */
  readonly playbackSigningKeys: readonly SigningKeyConfig[];
  readonly playbackTokenTtlSeconds: number;
}

export function toDeliveryConfig(e: DeliveryEnv): DeliveryConfig {
  return Object.freeze({
    originWorkers: e.ORIGIN_WORKERS,
    cacheMemoryMaxBytes: e.CACHE_MEMORY_MAX_BYTES,
    cacheMemoryMaxObjectBytes: e.CACHE_MEMORY_MAX_OBJECT_BYTES,
    redisCacheMaxObjectBytes: e.REDIS_CACHE_MAX_OBJECT_BYTES,
    redisCacheMaxmemoryBytes: e.REDIS_CACHE_MAXMEMORY_BYTES,
    cacheFillLeaseMs: e.CACHE_FILL_LEASE_MS,
    assetCacheTtlMs: e.ASSET_CACHE_TTL_MS,
    storageTimeoutMs: e.STORAGE_TIMEOUT_MS,
    storageBreakerFailures: e.STORAGE_BREAKER_FAILURES,
    storageBreakerCooldownMs: e.STORAGE_BREAKER_COOLDOWN_MS,
    pendingSegmentWaitMs: e.PENDING_SEGMENT_WAIT_MS,
    httpKeepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    httpIdleTimeoutMs: e.HTTP_IDLE_TIMEOUT_MS,
    playbackSigningKeys: Object.freeze(parseSigningKeys(e.PLAYBACK_SIGNING_KEYS).keys),
    playbackTokenTtlSeconds: e.PLAYBACK_TOKEN_TTL_SECONDS,
  });
}

/** Problems between delivery variables (checked even when single variables are wrong). */
export function deliveryProblems(env: Readonly<Record<string, string | undefined>>): string[] {
  return parseSigningKeys(env.PLAYBACK_SIGNING_KEYS).problems;
}

const SIGNING_KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const MIN_SIGNING_SECRET_LENGTH = 32;

/** `id:secret[,id:secret...]`. Problems never quote a secret. */
function parseSigningKeys(value: string | undefined): { keys: SigningKeyConfig[]; problems: string[] } {
  if (value === undefined || value.trim() === '') return { keys: [], problems: [] };
  const keys: SigningKeyConfig[] = [];
  const problems: string[] = [];
  value.split(',').forEach((entry, index) => {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, Math.max(0, separator)).trim();
    const secret = entry.slice(separator + 1).trim();
    const where = `PLAYBACK_SIGNING_KEYS: key ${index + 1}`;
    if (separator < 0 || !SIGNING_KEY_ID.test(id)) {
      problems.push(`${where} must be id:secret, the id 1-32 letters, digits, _ or -`);
    } else if (secret.length < MIN_SIGNING_SECRET_LENGTH) {
      problems.push(`${where} (${id}) needs a secret of at least ${MIN_SIGNING_SECRET_LENGTH} characters`);
    } else if (keys.some((key) => key.id === id)) {
      problems.push(`${where} repeats the id ${id}`);
    } else {
      keys.push(Object.freeze({ id, secret }));
    }
  });
  return { keys: problems.length === 0 ? keys : [], problems };
}
