/**
 * Builds the delivery path from its settings: the asset directory, the two cache tiers with coalescing, the
 * manifest cache, and storage behind a deadline and a circuit breaker. The composition root and the test
 * harness call this; the pieces stay individually testable.
 */
import { createMemorySegmentCache } from '../../packager/cache/memory-segment-cache.js';
import type {
  Catalog,
  CachedObject,
  Clock,
  Logger,
  ObjectStore,
  SegmentCache,
} from '../../packager/ports.js';
import { createAssetDirectory } from '../cache/asset-directory.js';
import { createCircuitBreaker } from '../cache/circuit-breaker.js';
import { createGuardedStore } from '../cache/guarded-store.js';
import { createObjectLoader } from '../cache/object-loader.js';
import { IMMUTABLE_CACHE_CONTROL, contentTypeForFile } from '../http/cache-control.js';
import { BREAKER_STATE_VALUES, type OriginMetrics } from '../http/metrics.js';
import type { PlaybackTokens } from '../signing/playback-token.js';
import { createDeliveryService, type DeliveryService } from './delivery-service.js';
import { createManifestCache } from './manifest-cache.js';
import { prepareResponse, type PreparedResponse } from './prepared-response.js';

export interface DeliverySettings {
  readonly manifestMaxAgeSeconds: number;
  /** This process's LRU: capacity and largest object it keeps. */
  readonly memoryCacheMaxBytes: number;
  readonly memoryCacheMaxObjectBytes: number;
  /** Largest object the shared tier keeps. */
  readonly sharedCacheMaxObjectBytes: number;
  readonly fillLeaseMs: number;
  readonly assetCacheTtlMs: number;
  readonly storageTimeoutMs: number;
  readonly breakerFailureThreshold: number;
  readonly breakerCooldownMs: number;
  /** How long a request for a segment of a revision still being encoded waits for it (see pending-object.ts). */
  readonly pendingSegmentWaitMs: number;
}

export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = Object.freeze({
  manifestMaxAgeSeconds: 2,
  memoryCacheMaxBytes: 256 * 1024 * 1024,
  memoryCacheMaxObjectBytes: 8 * 1024 * 1024,
  sharedCacheMaxObjectBytes: 4 * 1024 * 1024,
  fillLeaseMs: 3000,
  assetCacheTtlMs: 1000,
  storageTimeoutMs: 5000,
  breakerFailureThreshold: 5,
  breakerCooldownMs: 5000,
  pendingSegmentWaitMs: 8000,
});

/** Manifests are small; this bounds them apart from segments so a burst of segments cannot evict them. */
const MANIFEST_CACHE_BYTES = 32 * 1024 * 1024;

export interface DeliveryOptions {
  readonly catalog: Catalog;
  readonly store: ObjectStore;
  /** The shared tier (Redis), or null. */
  readonly sharedCache: SegmentCache | null;
  readonly tokens: PlaybackTokens | null;
  readonly metrics: OriginMetrics;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly settings: DeliverySettings;
}

export function createDelivery(options: DeliveryOptions): DeliveryService {
  const { settings, metrics, logger, clock } = options;
  const breaker = createCircuitBreaker({
    failureThreshold: settings.breakerFailureThreshold,
    cooldownMs: settings.breakerCooldownMs,
    clock,
    onStateChange: (state) => {
      metrics.storageBreakerState.set(BREAKER_STATE_VALUES[state]);
      if (state === 'closed') logger.info({ state }, 'storage circuit breaker changed state');
      else logger.warn({ state }, 'storage circuit breaker changed state');
    },
  });
  metrics.storageBreakerState.set(BREAKER_STATE_VALUES.closed);
  const store = createGuardedStore({
    store: options.store,
    breaker,
    timeoutMs: settings.storageTimeoutMs,
    metrics,
  });
  const memory = createMemorySegmentCache<PreparedResponse>({
    maxBytes: settings.memoryCacheMaxBytes,
    maxObjectBytes: settings.memoryCacheMaxObjectBytes,
  });
  const objects = createObjectLoader<PreparedResponse>({
    memory,
    shared: options.sharedCache,
    store,
    prepare: (key, object) => prepareSegment(key, object),
    maxCachedObjectBytes: Math.max(
      settings.memoryCacheMaxObjectBytes,
      options.sharedCache ? settings.sharedCacheMaxObjectBytes : 0,
    ),
    leaseTtlMs: settings.fillLeaseMs,
    readTimeoutMs: settings.storageTimeoutMs,
    metrics,
    logger,
  });
  return createDeliveryService({
    assets: createAssetDirectory({
      catalog: options.catalog,
      clock,
      ttlMs: settings.assetCacheTtlMs,
      lookupTimeoutMs: settings.storageTimeoutMs,
    }),
    memory,
    objects,
    manifests: createManifestCache({
      cache: { manifestMaxAgeSeconds: settings.manifestMaxAgeSeconds },
      maxBytes: MANIFEST_CACHE_BYTES,
      metrics,
    }),
    store,
    tokens: options.tokens,
    metrics,
    pendingSegmentWaitMs: settings.pendingSegmentWaitMs,
  });
}

/** Segment keys end in `{renditionId}/{fileName}`: the media type comes from them, as for every response. */
function prepareSegment(key: string, object: CachedObject): PreparedResponse {
  const parts = key.split('/');
  const contentType = contentTypeForFile(parts[parts.length - 1] ?? '', parts[parts.length - 2]);
  return prepareResponse(
    { ...object, contentType },
    { cacheControl: IMMUTABLE_CACHE_CONTROL, acceptRanges: true },
  );
}
