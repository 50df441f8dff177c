/**
 * Serves the origin app on @hono/node-server and stops it gracefully: on close, stop accepting connections,
 * let in-flight requests finish within the grace period, then cut what is left.
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { newAssetId } from '../packager/platform/ids.js';
import { systemClock } from '../packager/platform/infrastructure.js';
import type { Config } from '../packager/platform/config.js';
import { pingRedis } from '../packager/platform/redis.js';
import type { Catalog, JobQueue, Logger, ObjectStore } from '../packager/ports.js';
import { createApp } from './app.js';
import { createOriginMetrics } from './http/metrics.js';

export interface OriginEngines {
  readonly catalog: Catalog;
  readonly store: ObjectStore;
  readonly queue: JobQueue;
  readonly queueRedis: Redis;
  readonly registry: Registry;
  readonly logger: Logger;
}

export interface RunningOrigin {
  readonly port: number;
  close(graceMs: number): Promise<void>;
}

export async function startOrigin(config: Config, engines: OriginEngines): Promise<RunningOrigin> {
  const app = createApp({
    catalog: engines.catalog,
    store: engines.store,
    queue: engines.queue,
    logger: engines.logger,
    metrics: createOriginMetrics(engines.registry),
    config: {
      publicBaseUrl: config.publicBaseUrl,
      maxUploadBytes: config.maxUploadBytes,
      manifestMaxAgeSeconds: config.manifestMaxAgeSeconds,
    },
    clock: systemClock,
    newAssetId,
    readiness: () => checkReadiness(engines),
  });
  const server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(started as Server),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  engines.logger.info({ host: config.host, port }, 'origin listening');

  return {
    port,
    close: async (graceMs) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
    },
  };
}

async function checkReadiness(engines: OriginEngines): Promise<Record<string, string>> {
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
