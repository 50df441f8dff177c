/**
 * Composition root of a standalone origin (`npm run start:origin`). Stateless: any number of these run
 * behind a load balancer, sharing PostgreSQL, Redis and S3. With ORIGIN_WORKERS > 1 (0 = one per CPU) this
 * process is a node:cluster primary and each worker runs everything below.
 */
import cluster from 'node:cluster';
import os from 'node:os';
import { createBullmqJobQueue } from '../packager/queue/bullmq-job-queue.js';
import { openCatalogEngines, openObjectStore } from '../packager/platform/infrastructure.js';
import { createLogger } from '../packager/platform/logger.js';
import { createMetricsRegistry } from '../packager/platform/metrics.js';
import {
  loadConfigOrExit,
  onShutdownSignal,
  requireSharedEngines,
} from '../packager/platform/process-lifecycle.js';
import { createQueueRedis } from '../packager/platform/redis.js';
import { openCacheRedis } from './cache/cache-redis.js';
import { clusterMetricsText } from './cluster/cluster-messages.js';
import { runClusterPrimary } from './cluster/cluster-primary.js';
import { startOrigin } from './server.js';

const config = loadConfigOrExit(process.env, 'scalacast origin');
requireSharedEngines(config, 'scalacast origin');
const logger = createLogger({ level: config.logLevel, base: { service: 'scalacast-origin' } });
const workers =
  config.delivery.originWorkers === 0 ? os.availableParallelism() : config.delivery.originWorkers;

if (workers > 1 && cluster.isPrimary) {
  runClusterPrimary({ workers, logger, shutdownGraceMs: config.shutdownGraceMs });
} else {
  const registry = createMetricsRegistry({ service: 'origin' });
  const queueRedis = createQueueRedis(config.redisUrl ?? '');
  const cacheRedis = config.redisCacheUrl ? openCacheRedis(config.redisCacheUrl, logger) : null;
  const queue = createBullmqJobQueue({ connection: queueRedis, prefix: config.queuePrefix });
  const { catalog, stores } = await openCatalogEngines(config, logger, { maxConnections: 10 });
  const store = await openObjectStore(config, logger);
  const origin = await startOrigin(config, {
    catalog,
    stores,
    store,
    queue,
    queueRedis,
    cacheRedis,
    registry,
    logger,
    metricsText: cluster.isWorker ? clusterMetricsText(registry) : undefined,
  });

  onShutdownSignal(logger, async () => {
    await origin.close(config.shutdownGraceMs);
    await queue.close();
    await catalog.close();
    await queueRedis.quit();
    cacheRedis?.disconnect();
  });
}
