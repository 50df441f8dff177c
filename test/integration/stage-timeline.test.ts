/**
 * The stage timeline of a whole-source job, from the worker to the dashboard's reader, on a real
 * redis-server and real ffmpeg (in-memory store and catalog): the worker logs each finished step on its
 * BullMQ job, and the admin reads them back as the latest attempt's stages.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBullmqStageTimeline } from '../../origin/admin/bullmq-stage-timeline.js';
import { AppError } from '../../packager/domain/errors.js';
import { sourceKey } from '../../packager/domain/object-keys.js';
import { createFfprobeProber } from '../../packager/ffmpeg/prober.js';
import { createFfmpegComplexitySampler } from '../../packager/ffmpeg/complexity-sampler.js';
import { createFfmpegTranscoder } from '../../packager/ffmpeg/transcoder.js';
import type { PackageAssetDeps } from '../../packager/pipeline/pipeline-context.js';
import { createLogger } from '../../packager/platform/logger.js';
import { createMetricsRegistry } from '../../packager/platform/metrics.js';
import { createQueueRedis } from '../../packager/platform/redis.js';
import type { Catalog, Transcoder } from '../../packager/ports.js';
import { createBullmqJobQueue, type BullmqJobQueue } from '../../packager/queue/bullmq-job-queue.js';
import { startPackagingConsumer } from '../../packager/queue/bullmq-packaging-consumer.js';
import { createBullmqStageScheduler } from '../../packager/queue/bullmq-stage-scheduler.js';
import { finishRunJobId, PACKAGE_ASSET_JOB, packageJobId } from '../../packager/queue/contract.js';
import { parseStageLogLine } from '../../packager/queue/stage-log.js';
import { createPackagingHandlers } from '../../workers/package-asset.processor.js';
import { createWorkerMetrics } from '../../workers/worker-metrics.js';
import { createMemoryCatalog } from '../fakes/memory-catalog.js';
import { createMemoryObjectStore } from '../fakes/memory-object-store.js';
import { generateClip } from '../fixtures/generate-media.js';
import { startRedis, uniquePrefix, type TestRedis } from '../setup/redis.js';
import { uploadSource } from '../setup/in-memory-packaging.js';
import { waitFor } from '../setup/wait-for.js';

const logger = createLogger({ level: 'silent', base: {} });
let redis: TestRedis;
let tmpDir: string;
let clip: string;
const opened: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  [redis, clip] = await Promise.all([
    startRedis(),
    // Long enough that the encode is still running at the playable commit.
    generateClip({ durationS: 12, width: 1280, height: 720, fps: 30, audio: true }),
  ]);
});
afterAll(async () => redis.stop());
beforeEach(async () => {
  tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-stage-timeline-'));
});
afterEach(async () => {
  for (const close of opened.splice(0).reverse()) await close().catch(() => undefined);
  await fs.rm(tmpDir, { recursive: true, force: true });
});

function connect(): Redis {
  const connection = createQueueRedis(redis.url);
  opened.push(() => connection.quit());
  return connection;
}

/** A worker (the real handlers and consumer) on a fresh queue; `wrap` wraps the real transcoder. */
async function startWorker(
  wrap: (real: Transcoder) => Transcoder = (real) => real,
  options: { chunked?: boolean } = {},
) {
  const prefix = uniquePrefix('stages');
  const scheduler = createBullmqStageScheduler({ connection: connect(), prefix });
  opened.push(() => scheduler.close());
  const store = createMemoryObjectStore();
  const catalog: Catalog = createMemoryCatalog();
  const queue = createBullmqJobQueue({ connection: connect(), prefix });
  opened.push(() => queue.close());
  const deps: PackageAssetDeps = {
    store,
    catalog,
    prober: createFfprobeProber({ ffprobePath: 'ffprobe' }),
    transcoder: wrap(createFfmpegTranscoder({ ffmpegPath: 'ffmpeg' })),
    sampler: createFfmpegComplexitySampler({ ffmpegPath: 'ffmpeg' }),
    tmpDir,
    segmentDurationMs: 2000,
    x264Preset: 'ultrafast',
    ffmpegThreads: 1,
    perTitle: false,
    scheduler,
    chunking: options.chunked ? { thresholdMs: 2_000, chunkDurationMs: 2_000 } : undefined,
  };
  const registry = createMetricsRegistry({});
  const consumer = await startPackagingConsumer({
    connection: connect(),
    subscriber: connect(),
    prefix,
    logger,
    handlers: createPackagingHandlers(deps, createWorkerMetrics(registry)),
    concurrency: 2,
  });
  opened.push(() => consumer.close(2000));
  return { store, catalog, queue, registry };
}

async function upload(
  worker: { store: PackageAssetDeps['store']; catalog: Catalog },
  assetId: string,
): Promise<void> {
  await uploadSource(worker, assetId, clip);
}

async function waitForCompleted(queue: BullmqJobQueue, assetId: string) {
  await waitFor(async () => (await queue.queue.getJob(packageJobId(assetId, 1)))?.finishedOn !== undefined, {
    timeoutMs: 240_000,
    intervalMs: 100,
    what: `the packaging job of ${assetId} to finish`,
  });
  const job = await queue.queue.getJob(packageJobId(assetId, 1));
  if (!job) throw new Error('the job is gone');
  return job;
}

describe('the stage timeline of a whole-source job', () => {
  it('reads back every stage the worker ran, each within the job and with its duration', async () => {
    const worker = await startWorker();
    const assetId = 'StageTimelineAsset01';
    await upload(worker, assetId);
    await worker.queue.enqueuePackageAsset({ v: 1, assetId, revision: 1, sourceKey: sourceKey(assetId) });
    const job = await waitForCompleted(worker.queue, assetId);
    expect(await job.getState()).toBe('completed');
    expect((await worker.catalog.getAsset(assetId))?.status).toBe('ready');

    const spans = await createBullmqStageTimeline(worker.queue.queue)(assetId, 1);
    const names = (spans ?? []).map((span) => span.name);
    // One encode of the whole ladder; a first packaging commits its provisional presentation (playable,
    // reported as the preview's commit) while it encodes, then the final one.
    expect([...names].sort()).toEqual(
      ['download', 'probe', 'transcode', 'preview: commit', 'describe', 'images', 'publish', 'commit'].sort(),
    );
    // The source is probed where it is stored, then downloaded for the encode.
    expect(names.slice(0, 2)).toEqual(['probe', 'download']);
    const startedAt = job.processedOn ?? 0;
    const finishedAt = job.finishedOn ?? 0;
    for (const span of spans ?? []) {
      expect(span.outcome).toBe('ok');
      expect(span.durationMs).toBeGreaterThanOrEqual(0);
      // The worker's clock and BullMQ's (Redis-side script times from the same machine) agree to a few ms.
      expect(span.startedAtMs).toBeGreaterThanOrEqual(startedAt - 50);
      expect(span.startedAtMs + (span.durationMs ?? 0)).toBeLessThanOrEqual(finishedAt + 50);
    }
    const transcode = spans?.find((span) => span.name === 'transcode');
    expect(transcode?.durationMs).toBeGreaterThan(50);
    // In order of start, which is not the order they ended in: the playable commit is made while the
    // encode runs.
    const starts = (spans ?? []).map((span) => span.startedAtMs);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));

    // The metric keeps its bounded `stage` label; the phase is the job's alone.
    const metric = await worker.registry.getSingleMetricAsString('scalacast_worker_stage_duration_seconds');
    expect(metric).toContain('stage="transcode"');
    expect(metric).not.toContain('preview');
  });

  it('shows the latest attempt only, while the job log keeps the failed one', async () => {
    let transcodes = 0;
    const worker = await startWorker((real) => ({
      transcode: async (...args) => {
        transcodes += 1;
        if (transcodes === 1)
          throw new AppError('upstream_unavailable', 'scratch disk went away', { retryable: true });
        return real.transcode(...args);
      },
    }));
    const assetId = 'StageTimelineAsset02';
    await upload(worker, assetId);
    // The producer's options, with a short backoff for the test.
    await worker.queue.queue.add(
      PACKAGE_ASSET_JOB,
      { v: 1, assetId, revision: 1, sourceKey: sourceKey(assetId) },
      { jobId: packageJobId(assetId, 1), attempts: 2, backoff: { type: 'fixed', delay: 10 }, keepLogs: 100 },
    );
    const job = await waitForCompleted(worker.queue, assetId);
    expect(await job.getState()).toBe('completed');
    expect(job.attemptsMade).toBe(2);

    const { logs } = await worker.queue.queue.getJobLogs(packageJobId(assetId, 1));
    const logged = logs.flatMap((line) => parseStageLogLine(line) ?? []);
    expect(logged.find((entry) => entry.attempt === 1 && entry.stage === 'transcode')).toMatchObject({
      outcome: 'failed',
    });

    const spans = (await createBullmqStageTimeline(worker.queue.queue)(assetId, 1)) ?? [];
    expect(spans.every((span) => span.outcome === 'ok')).toBe(true);
    const byStart = (a: number, b: number) => a - b;
    const second = logged.filter((entry) => entry.attempt === 2).map((entry) => entry.startedAtMs);
    expect(second.length).toBeGreaterThan(5);
    expect(spans.map((span) => span.startedAtMs).sort(byStart)).toEqual(second.sort(byStart));
    expect(spans.map((span) => span.name)).toContain('commit');
  });

  it("keeps a chunked run's parts and finishes, after the probe that planned them", async () => {
    const worker = await startWorker(undefined, { chunked: true });
    const assetId = 'StageTimelineAsset03';
    await upload(worker, assetId);
    await worker.queue.enqueuePackageAsset({ v: 1, assetId, revision: 1, sourceKey: sourceKey(assetId) });
    await waitFor(async () => (await worker.catalog.getAsset(assetId))?.status === 'ready', {
      timeoutMs: 240_000,
      intervalMs: 100,
      what: `asset ${assetId} to be packaged in chunks`,
    });
    // The finish job commits, then completes: its span ends when BullMQ records it.
    await waitFor(
      async () => (await worker.queue.queue.getJob(finishRunJobId(assetId, 1)))?.finishedOn !== undefined,
      { timeoutMs: 30_000, intervalMs: 100, what: 'the finish job to complete' },
    );
    const spans = (await createBullmqStageTimeline(worker.queue.queue)(assetId, 1)) ?? [];
    // Nothing downloaded: the source is probed where it is stored, and each part reads its own window.
    expect(spans.map((span) => span.name)).toEqual([
      'probe',
      // Six chunks of 2 s, each every rung in one decode, and the audio.
      'encode 7 parts',
      'finish',
    ]);
    expect(spans.every((span) => span.outcome === 'ok' && span.durationMs !== null)).toBe(true);
  });
});
