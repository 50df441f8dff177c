/**
 * A packaging worker: the BullMQ consumer wired to the packaging pipeline. Built from engines the
 * composition root opened (so the all-in-one process can share them with the origin).
 */
import fs from 'node:fs/promises';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { createFfprobeProber } from '../packager/ffmpeg/prober.js';
import { createFfmpegTranscoder } from '../packager/ffmpeg/transcoder.js';
import type { Config } from '../packager/platform/config.js';
import type { Catalog, Logger, ObjectStore } from '../packager/ports.js';
import {
  startPackagingConsumer,
  type PackagingConsumer,
} from '../packager/queue/bullmq-packaging-consumer.js';
import { createPackageAssetHandler } from './package-asset.processor.js';
import { createWorkerMetrics } from './worker-metrics.js';

export interface WorkerEngines {
  readonly catalog: Catalog;
  readonly store: ObjectStore;
  readonly queueRedis: Redis;
  readonly registry: Registry;
  readonly logger: Logger;
}

export async function startWorker(config: Config, engines: WorkerEngines): Promise<PackagingConsumer> {
  await fs.mkdir(config.tmpDir, { recursive: true });
  const handler = createPackageAssetHandler(
    {
      store: engines.store,
      catalog: engines.catalog,
      prober: createFfprobeProber({ ffprobePath: config.ffprobePath }),
      transcoder: createFfmpegTranscoder({ ffmpegPath: config.ffmpegPath, logger: engines.logger }),
      tmpDir: config.tmpDir,
      segmentDurationMs: config.segmentDurationMs,
      x264Preset: config.x264Preset,
      ffmpegThreads: config.ffmpegThreads,
    },
    createWorkerMetrics(engines.registry),
  );
  const consumer = await startPackagingConsumer({
    connection: engines.queueRedis,
    subscriber: engines.queueRedis.duplicate(),
    prefix: config.queuePrefix,
    concurrency: config.workerConcurrency,
    handler,
    logger: engines.logger.child({ component: 'packaging-consumer' }),
  });
  engines.logger.info({ concurrency: config.workerConcurrency }, 'worker ready');
  return consumer;
}
