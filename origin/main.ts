/**
 * Composition root of a standalone origin (`npm run start:origin`). Stateless: any number of these run
 * behind a load balancer, sharing PostgreSQL, Redis and S3.
 */
import { createBullmqJobQueue } from '../packager/queue/bullmq-job-queue.js';
import { openCatalog, openObjectStore } from '../packager/platform/infrastructure.js';
import { createLogger } from '../packager/platform/logger.js';
import { createMetricsRegistry } from '../packager/platform/metrics.js';
import {
  loadConfigOrExit,
  onShutdownSignal,
  requireSharedEngines,
} from '../packager/platform/process-lifecycle.js';
import { createQueueRedis } from '../packager/platform/redis.js';
import { startOrigin } from './server.js';

const config = loadConfigOrExit(process.env, 'scalacast origin');
requireSharedEngines(config, 'scalacast origin');
const logger = createLogger({ level: config.logLevel, base: { service: 'scalacast-origin' } });
const registry = createMetricsRegistry({ service: 'origin' });
const queueRedis = createQueueRedis(config.redisUrl ?? '');
const queue = createBullmqJobQueue({ connection: queueRedis, prefix: config.queuePrefix });
const catalog = await openCatalog(config, logger, { maxConnections: 10 });
const store = await openObjectStore(config, logger);
const origin = await startOrigin(config, { catalog, store, queue, queueRedis, registry, logger });

onShutdownSignal(logger, async () => {
  await origin.close(config.shutdownGraceMs);
  await queue.close();
  await catalog.close();
  await queueRedis.quit();
});
