/**
 * A packaging worker: the BullMQ consumer wired to the packaging pipeline (whole sources, chunk parts, stage
 * finishes), its fleet heartbeat and its scratch sweeper. Built from engines the composition root opened (so
 * the all-in-one process can share them with the origin).
 */
import fs from 'node:fs/promises';
import { hostname } from 'node:os';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { createFfprobeProber } from '../packager/ffmpeg/prober.js';
import { createFfmpegComplexitySampler } from '../packager/ffmpeg/complexity-sampler.js';
import { createFfmpegTranscoder } from '../packager/ffmpeg/transcoder.js';
import { createFfmpegImageRenderer } from '../packager/images/ffmpeg-image-renderer.js';
import type { Config } from '../packager/platform/config.js';
import { coreCounts } from '../packager/platform/cpu-quota.js';
import { ffmpegThreadsPerJob } from '../packager/platform/ffmpeg-threads.js';
import type { Catalog, Logger, ObjectStore, PublisherStores } from '../packager/ports.js';
import { withAssetEvents } from '../packager/webhooks/catalog-with-events.js';
import {
  startPackagingConsumer,
  type PackagingConsumer,
} from '../packager/queue/bullmq-packaging-consumer.js';
import { createBullmqStageScheduler } from '../packager/queue/bullmq-stage-scheduler.js';
import { PACKAGING_QUEUE } from '../packager/queue/contract.js';
import { startWorkerHeartbeat } from '../packager/queue/worker-registry.js';
import { createPackagingHandlers } from './package-asset.processor.js';
import { startWebhookWorker } from './webhook-delivery.processor.js';
import { scratchTagFor, sweepDeadScratch } from './scratch-sweeper.js';
import { createWorkerMetrics, registerQueueDepth } from './worker-metrics.js';

export interface WorkerEngines {
  readonly catalog: Catalog;
  /** The publisher stores (webhook endpoints and events) on the catalog's database. */
  readonly stores: PublisherStores;
  readonly store: ObjectStore;
  readonly queueRedis: Redis;
  readonly registry: Registry;
  readonly logger: Logger;
}

const QUEUE_STATES = ['waiting', 'prioritized', 'waiting-children', 'active', 'delayed', 'failed'] as const;

export async function startWorker(config: Config, engines: WorkerEngines): Promise<PackagingConsumer> {
  const { packaging } = config;
  const logger = engines.logger;
  await fs.mkdir(config.tmpDir, { recursive: true });
  await sweepDeadScratch(config.tmpDir, logger);
  const scheduler = createBullmqStageScheduler({
    connection: engines.queueRedis,
    prefix: config.queuePrefix,
  });
  const depthQueue = new Queue(PACKAGING_QUEUE, {
    connection: engines.queueRedis,
    prefix: config.queuePrefix,
  });
  const metrics = createWorkerMetrics(engines.registry);
  registerQueueDepth(engines.registry, () => depthQueue.getJobCounts(...QUEUE_STATES));

  // Webhooks (issue 6): deliveries, and asset events reported where the pipeline changes the catalog.
  const webhooks = await startWebhookWorker(config, { ...engines, webhooks: engines.stores.webhooks });
  let heartbeat: ReturnType<typeof startWorkerHeartbeat> | null = null;
  const catalog = withAssetEvents(engines.catalog, webhooks.events);
  const cores = await coreCounts();
  const ffmpegThreads = ffmpegThreadsPerJob(config.ffmpegThreads, config.workerConcurrency, cores);
  const handlers = createPackagingHandlers(
    {
      store: engines.store,
      catalog,
      prober: createFfprobeProber({ ffprobePath: config.ffprobePath }),
      transcoder: createFfmpegTranscoder({ ffmpegPath: config.ffmpegPath, logger }),
      sampler: createFfmpegComplexitySampler({
        ffmpegPath: config.ffmpegPath,
        windowsAtOnce: cores.usable,
      }),
      tmpDir: config.tmpDir,
      scratchTag: scratchTagFor(),
      segmentDurationMs: config.segmentDurationMs,
      x264Preset: config.x264Preset,
      ffmpegThreads,
      chunking: { thresholdMs: packaging.chunkThresholdMs, chunkDurationMs: packaging.chunkDurationMs },
      scheduler,
      perTitle: packaging.perTitleLadder,
      progressive: packaging.progressivePublish,
      images: createFfmpegImageRenderer({ ffmpegPath: config.ffmpegPath }),
    },
    metrics,
    async () => {
      await sweepDeadScratch(config.tmpDir, logger).catch(() => 0);
      await heartbeat?.beat();
    },
  );
  // The consumer's own connection for the stop-jobs channel (a subscribed connection serves nothing else).
  const subscriber = engines.queueRedis.duplicate();
  subscriber.on('error', (error) => logger.debug({ err: error }, 'stop-jobs subscriber connection error'));
  const consumer = await startPackagingConsumer({
    connection: engines.queueRedis,
    subscriber,
    prefix: config.queuePrefix,
    concurrency: config.workerConcurrency,
    handlers,
    // A job queued by another version (its payload shape changed): the asset must not wait for it forever.
    onUnreadable: async ({ assetId, revision }) => {
      await catalog.markErrored(assetId, revision, {
        code: 'internal',
        message:
          'A packaging job of this asset was queued by another version of ScalaCast and cannot be read; ' +
          're-package the asset.',
      });
    },
    logger: logger.child({ component: 'packaging-consumer' }),
    lock: {
      lockDurationMs: packaging.queueLockDurationMs,
      stalledIntervalMs: packaging.queueStalledIntervalMs,
    },
  });
  const startedAtMs = Date.now();
  heartbeat = startWorkerHeartbeat({
    redis: engines.queueRedis,
    prefix: config.queuePrefix,
    intervalMs: packaging.workerHeartbeatMs,
    logger,
    describe: () => ({
      id: consumer.name,
      host: hostname(),
      pid: process.pid,
      concurrency: config.workerConcurrency,
      ffmpegThreads,
      startedAtMs,
      jobs: consumer.runningJobs(),
    }),
  });
  consumer.worker.on('active', () => void heartbeat?.beat());
  logger.info(
    { concurrency: config.workerConcurrency, ffmpegThreads, worker: consumer.name },
    'worker ready',
  );
  return {
    ...consumer,
    async close(graceMs: number) {
      await consumer.close(graceMs);
      // Closed with the worker: left open, it would try to reconnect to a Redis stopping after it.
      subscriber.disconnect();
      await heartbeat?.stop();
      await scheduler.close();
      await depthQueue.close();
      await webhooks.close();
    },
  };
}
