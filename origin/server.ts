/**
 * Serves the origin app on node:http and stops it gracefully: on close, stop accepting connections, let
 * in-flight requests finish within the grace period, then cut what is left.
 *
 * Each request first meets the delivery fast lane (cache hits answered from memory without Hono), then the
 * Hono app through @hono/node-server's listener. Idle keep-alive connections live HTTP_KEEP_ALIVE_TIMEOUT_MS;
 * a response through the Hono lane (a stream from storage, an upload) whose connection moves no byte for
 * HTTP_IDLE_TIMEOUT_MS is cut, so a client that stops reading holds neither a socket nor storage for long.
 */
import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { createRedisSegmentCache } from '../packager/cache/redis-segment-cache.js';
import { newAssetId } from '../packager/platform/ids.js';
import { systemClock } from '../packager/platform/infrastructure.js';
import type { Config } from '../packager/platform/config.js';
import { pingRedis } from '../packager/platform/redis.js';
import type { BullmqJobQueue } from '../packager/queue/bullmq-job-queue.js';
import type { Catalog, Logger, ObjectStore, PublisherStores } from '../packager/ports.js';
import { createAdminDeps } from './admin/admin-setup.js';
import { createApp } from './app.js';
import { withCaptions } from './captions/caption-tracks.js';
import { createDelivery } from './delivery/create-delivery.js';
import { createFastLane } from './http/fast-lane.js';
import { createOriginMetrics } from './http/metrics.js';
import { createPublisherSetup } from './publish/publisher-setup.js';
import { createPlaybackTokens } from './signing/playback-token.js';

export interface OriginEngines {
  readonly catalog: Catalog;
  /** The publisher-API stores (keys, webhooks, uploads, captions) on the catalog's database. */
  readonly stores: PublisherStores;
  readonly store: ObjectStore;
  /** The packaging queue; its BullMQ queue also feeds the admin dashboard. */
  readonly queue: BullmqJobQueue;
  readonly queueRedis: Redis;
  /** The shared segment cache's connection (createCacheRedis), or null without REDIS_CACHE_URL. */
  readonly cacheRedis?: Redis | null;
  readonly registry: Registry;
  readonly logger: Logger;
  /** /metrics text of every process of a node:cluster origin (asked of the primary). */
  readonly metricsText?: () => Promise<string>;
}

export interface RunningOrigin {
  readonly port: number;
  close(graceMs: number): Promise<void>;
}

/** Keys of the shared cache are versioned by layout, so a format change never reads old entries. */
const SHARED_CACHE_PREFIX = 'scalacast:segment-cache:v1:';

export async function startOrigin(config: Config, engines: OriginEngines): Promise<RunningOrigin> {
  const { delivery: settings } = config;
  const metrics = createOriginMetrics(engines.registry);
  const playbackTokens =
    settings.playbackSigningKeys.length > 0
      ? createPlaybackTokens({
          keys: settings.playbackSigningKeys,
          ttlSeconds: settings.playbackTokenTtlSeconds,
          clock: systemClock,
        })
      : null;
  const cacheRedis = engines.cacheRedis ?? null;
  const publisher = createPublisherSetup(config, engines);
  const delivery = createDelivery({
    // Manifests list the asset's current captions as subtitle tracks.
    catalog: withCaptions(engines.catalog, engines.stores.captions),
    store: engines.store,
    sharedCache: cacheRedis
      ? createRedisSegmentCache({
          redis: cacheRedis,
          keyPrefix: SHARED_CACHE_PREFIX,
          maxObjectBytes: settings.redisCacheMaxObjectBytes,
        })
      : null,
    tokens: playbackTokens,
    metrics,
    logger: engines.logger,
    clock: systemClock,
    settings: {
      manifestMaxAgeSeconds: config.manifestMaxAgeSeconds,
      memoryCacheMaxBytes: settings.cacheMemoryMaxBytes,
      memoryCacheMaxObjectBytes: settings.cacheMemoryMaxObjectBytes,
      sharedCacheMaxObjectBytes: settings.redisCacheMaxObjectBytes,
      fillLeaseMs: settings.cacheFillLeaseMs,
      assetCacheTtlMs: settings.assetCacheTtlMs,
      storageTimeoutMs: settings.storageTimeoutMs,
      breakerFailureThreshold: settings.storageBreakerFailures,
      breakerCooldownMs: settings.storageBreakerCooldownMs,
      pendingSegmentWaitMs: settings.pendingSegmentWaitMs,
    },
  });
  const app = createApp({
    catalog: engines.catalog,
    store: engines.store,
    queue: engines.queue,
    logger: engines.logger,
    metrics,
    config: {
      publicBaseUrl: config.publicBaseUrl,
      maxUploadBytes: config.maxUploadBytes,
      manifestMaxAgeSeconds: config.manifestMaxAgeSeconds,
    },
    clock: systemClock,
    newAssetId,
    readiness: () => checkReadiness(engines),
    delivery,
    playbackTokens,
    metricsText: engines.metricsText,
    publisher: publisher.deps,
    admin: createAdminDeps(config.admin, {
      catalog: engines.catalog,
      store: engines.store,
      queue: engines.queue,
      packagingQueue: engines.queue.queue,
      redis: engines.queueRedis,
      prefix: config.queuePrefix,
      clock: systemClock,
      newAssetId,
      maxUploadBytes: config.maxUploadBytes,
      publicBaseUrl: config.publicBaseUrl,
    }),
  });
  if (config.admin.password === undefined) {
    engines.logger.info({}, 'admin dashboard off: set ADMIN_PASSWORD to turn it on');
  }

  const fastLane = createFastLane({
    delivery,
    metrics,
    logger: engines.logger,
    logHits: config.logLevel === 'debug' || config.logLevel === 'trace',
  });
  const honoLane = getRequestListener(app.fetch);
  const server = createServer({ keepAliveTimeout: settings.httpKeepAliveTimeoutMs }, (req, res) => {
    if (fastLane(req, res)) return;
    res.setTimeout(settings.httpIdleTimeoutMs);
    void honoLane(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  engines.logger.info({ host: config.host, port, sharedCache: cacheRedis !== null }, 'origin listening');

  return {
    port,
    close: async (graceMs) => {
      await closeGracefully(server, graceMs);
      await publisher.close();
    },
  };
}

/** Stops accepting, lets in-flight requests finish (idle keep-alive connections close now), cuts the rest. */
async function closeGracefully(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
}

async function checkReadiness(engines: OriginEngines): Promise<Record<string, string>> {
  // The shared cache is not a readiness dependency: without it the origin serves from storage.
  const checks = {
    catalog: engines.catalog.ping(),
    storage: engines.store.ping(),
    queue: pingRedis(engines.queueRedis),
  };
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await check;
        return [name, 'ok'] as const;
      } catch (error) {
        return [name, error instanceof Error ? error.message : 'unavailable'] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}
