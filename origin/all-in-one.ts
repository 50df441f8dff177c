/**
 * Composition root of the all-in-one mode (`npm start`): origin and worker in one process, on embedded
 * defaults for whatever the environment does not name: PGlite and a filesystem object store under DATA_DIR,
 * and a supervised local redis-server (noeviction, persisted) for the queue. Any of them can be swapped for
 * the real engine by its env var, exactly as in production.
 *
 * This is the one module allowed to compose both deployables; the dependency rules say so.
 */
import path from 'node:path';
import { createBullmqJobQueue } from '../packager/queue/bullmq-job-queue.js';
import { openCatalogEngines, openObjectStore } from '../packager/platform/infrastructure.js';
import { startLocalRedis } from '../packager/platform/local-redis.js';
import { createLogger } from '../packager/platform/logger.js';
import { createMetricsRegistry } from '../packager/platform/metrics.js';
import { loadConfigOrExit, onShutdownSignal } from '../packager/platform/process-lifecycle.js';
import { createQueueRedis } from '../packager/platform/redis.js';
import { startWorker } from '../workers/worker.js';
import { openCacheRedis } from './cache/cache-redis.js';
import { startOrigin } from './server.js';

const configured = loadConfigOrExit(process.env, 'scalacast');
const logger = createLogger({ level: configured.logLevel, base: { service: 'scalacast' } });

const localRedis = configured.redisUrl
  ? null
  : await startLocalRedis({
      dataDir: path.join(configured.dataDir, 'redis-queue'),
      maxmemoryPolicy: 'noeviction',
      persistent: true,
      logger,
    }).catch((error: unknown) => {
      logger.error({ err: error }, error instanceof Error ? error.message : 'redis-server did not start');
      process.exit(69); // EX_UNAVAILABLE
    });
// The segment cache wants its own server: allkeys-lru with a maxmemory, where the queue needs noeviction.
const localCacheRedis = configured.redisCacheUrl
  ? null
  : await startLocalRedis({
      dataDir: path.join(configured.dataDir, 'redis-cache'),
      maxmemoryPolicy: 'allkeys-lru',
      maxmemoryBytes: configured.delivery.redisCacheMaxmemoryBytes,
      persistent: false,
      logger,
    }).catch((error: unknown) => {
      logger.error(
        { err: error },
        error instanceof Error ? error.message : 'cache redis-server did not start',
      );
      process.exit(69); // EX_UNAVAILABLE
    });
const config = Object.freeze({
  ...configured,
  redisUrl: configured.redisUrl ?? localRedis?.url,
  redisCacheUrl: configured.redisCacheUrl ?? localCacheRedis?.url,
});

const registry = createMetricsRegistry({ service: 'all-in-one' });
const queueRedis = createQueueRedis(config.redisUrl ?? '');
const cacheRedis = config.redisCacheUrl ? openCacheRedis(config.redisCacheUrl, logger) : null;
const queue = createBullmqJobQueue({ connection: queueRedis, prefix: config.queuePrefix });
const { catalog, stores } = await openCatalogEngines(config, logger, { maxConnections: 10 });
const store = await openObjectStore(config, logger);
const consumer = await startWorker(config, { catalog, stores, store, queueRedis, registry, logger });
const origin = await startOrigin(config, {
  catalog,
  stores,
  store,
  queue,
  queueRedis,
  cacheRedis,
  registry,
  logger,
});
logger.info(
  { url: `http://${config.host}:${origin.port}`, dataDir: config.dataDir },
  'scalacast all-in-one ready',
);

onShutdownSignal(logger, async () => {
  await origin.close(config.shutdownGraceMs);
  await consumer.close(config.shutdownGraceMs);
  await queue.close();
  await catalog.close();
  await queueRedis.quit();
  cacheRedis?.disconnect();
  await localRedis?.stop();
  await localCacheRedis?.stop();
});
