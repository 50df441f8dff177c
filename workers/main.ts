/**
 * Composition root of a standalone packaging worker (`npm run start:worker`). Configured by env only;
 * needs PostgreSQL and Redis shared with the origins, and S3 (or a filesystem DATA_DIR on the same machine).
 */
import { openCatalogEngines, openObjectStore } from '../packager/platform/infrastructure.js';
import { createLogger } from '../packager/platform/logger.js';
import { createMetricsRegistry } from '../packager/platform/metrics.js';
import {
  loadConfigOrExit,
  onShutdownSignal,
  requireSharedEngines,
} from '../packager/platform/process-lifecycle.js';
import { createQueueRedis, pingRedis } from '../packager/platform/redis.js';
import { startOpsServer } from './ops-server.js';
import { startWorker } from './worker.js';

const config = loadConfigOrExit(process.env, 'scalacast worker');
requireSharedEngines(config, 'scalacast worker');
const logger = createLogger({ level: config.logLevel, base: { service: 'scalacast-worker' } });
const registry = createMetricsRegistry({ service: 'worker' });
const queueRedis = createQueueRedis(config.redisUrl ?? '');
const { catalog, stores } = await openCatalogEngines(config, logger, {
  maxConnections: config.workerConcurrency + 2,
});
const store = await openObjectStore(config, logger);
const consumer = await startWorker(config, { catalog, stores, store, queueRedis, registry, logger });
const ops =
  config.workerMetricsPort === 0
    ? null
    : await startOpsServer({
        port: config.workerMetricsPort,
        host: config.host,
        registry,
        readiness: async () => {
          const checks = await Promise.allSettled([catalog.ping(), store.ping(), pingRedis(queueRedis)]);
          return checks.every((check) => check.status === 'fulfilled');
        },
      });

onShutdownSignal(logger, async () => {
  await consumer.close(config.shutdownGraceMs);
  await ops?.close();
  await catalog.close();
  await queueRedis.quit();
});
