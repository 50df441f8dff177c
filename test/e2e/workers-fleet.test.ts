/**
 * Packaging at scale across real processes: one origin and three worker processes on one redis-server,
 * PostgreSQL and S3 (s3rver), configured by env only. Long sources are split into chunk jobs (BullMQ flows)
 * that the workers share; a short upload is not starved by them; a worker killed (SIGKILL) in the middle of
 * a chunk loses nothing: its chunk is taken over after the lock expires, the asset still becomes ready and
 * conformant, and no temp file, process or scratch object is left behind.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueRedis } from '../../packager/platform/redis.js';
import { PACKAGING_QUEUE } from '../../packager/queue/contract.js';
import { listWorkers, type WorkerInfo } from '../../packager/queue/worker-registry.js';
import { createS3ObjectStore } from '../../packager/storage/s3-object-store.js';
import type { ObjectStore } from '../../packager/ports.js';
import { assertConformant } from '../conformance/assert-conformant.js';
import { generateClip } from '../fixtures/generate-media.js';
import { createApiClient, type AssetJson } from '../setup/api-client.js';
import { startPostgres } from '../setup/postgres.js';
import { startRedis, uniquePrefix, type TestRedis } from '../setup/redis.js';
import { processesUsing } from '../setup/processes-using.js';
import { startS3rver } from '../setup/s3rver.js';
import { sharedEnginesEnv } from '../setup/shared-engines.js';
import { startScalacast, type ScalacastProcess } from '../setup/scalacast-process.js';
import { waitFor } from '../setup/wait-for.js';

const BOOTSTRAP_KEY = 'e2e-fleet-bootstrap-key-0123456789';
let redis: TestRedis;
let postgres: Awaited<ReturnType<typeof startPostgres>>;
let s3: Awaited<ReturnType<typeof startS3rver>>;
let origin: ScalacastProcess;
let workers: ScalacastProcess[] = [];
let store: ObjectStore;
let tmpDir: string;
let prefix: string;
let queueRedis: ReturnType<typeof createQueueRedis>;
let queue: Queue;
let api: ReturnType<typeof createApiClient>;

beforeAll(async () => {
  [redis, postgres, s3] = await Promise.all([startRedis(), startPostgres(), startS3rver()]);
  const bucket = await s3.createBucket();
  tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-fleet-tmp-'));
  prefix = uniquePrefix('fleet');
  const env = {
    ...(await sharedEnginesEnv({ redis, postgres, s3 }, { bucket, queuePrefix: prefix })),
    TMP_DIR: tmpDir,
    SCALACAST_BOOTSTRAP_KEY: BOOTSTRAP_KEY,
    X264_PRESET: 'ultrafast',
    FFMPEG_THREADS: '1',
    // Chunk anything over 6 s, in 2 s chunks (one segment each): many parts from small sources.
    CHUNK_THRESHOLD_MS: '6000',
    CHUNK_DURATION_MS: '2000',
    // Takeover within about 7.5 s of a worker's death instead of 45 s.
    QUEUE_LOCK_DURATION_MS: '5000',
    QUEUE_STALLED_INTERVAL_MS: '2500',
    WORKER_HEARTBEAT_MS: '500',
  };
  // Workers first: every process migrates at start-up, under the migrator's lock.
  workers = await Promise.all([0, 1, 2].map(() => startScalacast('worker', env)));
  origin = await startScalacast('origin', env);
  store = createS3ObjectStore({ ...s3, bucket });
  api = createApiClient(origin.url, { authorization: `Bearer ${BOOTSTRAP_KEY}` });
  queueRedis = createQueueRedis(redis.url);
  queue = new Queue(PACKAGING_QUEUE, { connection: queueRedis, prefix });
}, 180_000);

afterAll(async () => {
  await queue?.close();
  await queueRedis?.quit();
  await Promise.all([origin?.stop(), ...workers.map((worker) => worker.stop())]);
  await Promise.all([redis?.stop(), postgres?.stop(), s3?.stop()]);
  await fs.rm(tmpDir, { recursive: true, force: true });
});

async function upload(clip: string, title: string): Promise<string> {
  const response = await api.uploadFile(clip, title);
  expect(response.status).toBe(201);
  return ((await response.json()) as AssetJson).id;
}

/** Jobs of an asset still waiting for a worker (parts are prioritized, whole-source jobs in the wait list). */
async function waitingJobs(assetId: string): Promise<number> {
  const jobs = await queue.getJobs(['waiting', 'prioritized']);
  return jobs.filter((job) => (job.data as { assetId?: string }).assetId === assetId).length;
}

describe('a fleet of three workers on one redis', () => {
  it('advertises every worker with its host, concurrency and current jobs', async () => {
    let fleet: WorkerInfo[] = [];
    await waitFor(async () => (fleet = await listWorkers(queueRedis, prefix)).length === 3, {
      timeoutMs: 20_000,
      what: 'three workers in the fleet view',
    });
    expect(fleet.map((worker) => worker.pid).sort()).toEqual(
      workers.map((worker) => worker.child.pid).sort(),
    );
    for (const worker of fleet) {
      expect(worker.host).toBe(os.hostname());
      expect(worker.concurrency).toBe(1);
      expect(worker.ffmpegThreads).toBe(1);
      expect(worker.jobs).toEqual([]);
    }
  });

  it('lets a short upload through while a long one is processed in chunks', async () => {
    const long = await upload(
      await generateClip({ durationS: 40, width: 854, height: 480, fps: 30, audio: true }),
      'long',
    );
    await waitFor(
      async () =>
        (await listWorkers(queueRedis, prefix)).some((w) => w.jobs.some((job) => job.name === 'encode-part')),
      {
        timeoutMs: 60_000,
        what: 'the long upload to be encoding chunks',
      },
    );
    const short = await upload(
      await generateClip({ durationS: 3, width: 640, height: 360, fps: 30, audio: true }),
      'short',
    );
    const { asset: shortAsset } = await api.waitUntilDone(short, 120_000);
    expect(shortAsset.status).toBe('ready');
    // Served ahead of the long source's chunks, not after them: many are still waiting, nothing is final.
    const longWhenShortReady = await api.getAsset(long);
    expect(longWhenShortReady.status).toBe('processing');
    expect(await waitingJobs(long)).toBeGreaterThanOrEqual(5);

    const { asset: longAsset } = await api.waitUntilDone(long, 240_000);
    expect(longAsset.status).toBe('ready');
    expect(longAsset.renditions.map((rendition) => rendition.id)).toEqual(['480p', '360p', 'audio']);
    await assertConformant(longAsset.playback, { baseUrl: origin.url });
    // Any worker takes any chunk: the long source's parts ran on at least two of the three.
    const parts = (await queue.getJobs(['completed'])).filter(
      (job) => job.name === 'encode-part' && (job.data as { assetId?: string }).assetId === long,
    );
    // 40 s in chunks of 2 s: 20 chunks, every rung in one decode each, and the audio.
    expect(parts.length).toBeGreaterThanOrEqual(21);
    expect(new Set(parts.map((job) => job.processedBy)).size).toBeGreaterThanOrEqual(2);

    // What operators see: stage durations, queue depth per state, chunk wait, ffmpeg speed, outcomes by code.
    const lines = (
      await Promise.all(workers.map(async (worker) => (await fetch(`${worker.url}/metrics`)).text()))
    )
      .join('\n')
      .split('\n');
    const exposed = (name: string, ...labels: string[]) =>
      lines.some((line) => line.startsWith(`${name}{`) && labels.every((label) => line.includes(label)));
    expect(exposed('scalacast_worker_stage_duration_seconds_count', 'stage="transcode"')).toBe(true);
    expect(exposed('scalacast_worker_stage_duration_seconds_count', 'stage="store"')).toBe(true);
    expect(exposed('scalacast_worker_stage_duration_seconds_count', 'stage="fetch"')).toBe(true);
    expect(exposed('scalacast_queue_jobs', 'state="prioritized"')).toBe(true);
    expect(exposed('scalacast_worker_job_wait_seconds_count', 'job="encode-part"')).toBe(true);
    expect(exposed('scalacast_worker_encode_speed_ratio_count')).toBe(true);
    expect(exposed('scalacast_worker_jobs_total', 'outcome="encoded"', 'job="encode-part"')).toBe(true);
  }, 400_000);

  it('takes over the chunk of a worker killed mid-encode and still delivers a conformant asset', async () => {
    const assetId = await upload(
      await generateClip({ durationS: 16, width: 1280, height: 720, fps: 30, audio: true }),
      'victim',
    );
    // The first worker seen encoding a chunk for at least half a second is killed: mid-chunk, ffmpeg running.
    let victim: WorkerInfo | undefined;
    await waitFor(
      async () => {
        const fleet = await listWorkers(queueRedis, prefix);
        victim = fleet.find((worker) =>
          worker.jobs.some(
            (job) =>
              job.name === 'encode-part' && job.assetId === assetId && Date.now() - job.startedAtMs > 500,
          ),
        );
        return victim !== undefined;
      },
      { timeoutMs: 120_000, intervalMs: 100, what: 'a worker in the middle of a chunk' },
    );
    const killedJob = victim?.jobs.find((job) => job.name === 'encode-part')?.id;
    const process = workers.find((worker) => worker.child.pid === victim?.pid);
    expect(process).toBeDefined();
    await process?.stop('SIGKILL');

    const { asset } = await api.waitUntilDone(assetId, 300_000);
    expect(asset.error).toBeNull();
    expect(asset.status).toBe('ready');
    await assertConformant(asset.playback, { baseUrl: origin.url });
    const taken = killedJob ? await queue.getJob(killedJob) : undefined;
    expect(taken?.processedBy).not.toBe(victim?.id);
    expect(await taken?.getState()).toBe('completed');

    // Nothing left behind: no scratch objects, no temp folder, no orphaned ffmpeg of the dead worker.
    const scratch: string[] = [];
    for await (const object of store.list(`assets/${assetId}/`))
      if (object.key.includes('/_work/')) scratch.push(object.key);
    expect(scratch).toEqual([]);
    await waitFor(async () => (await fs.readdir(tmpDir)).length === 0, {
      timeoutMs: 30_000,
      what: 'the temp dir to empty',
    });
    expect(await processesUsing(tmpDir)).toEqual([]);
    const survivors = workers.filter((worker) => worker !== process).flatMap((worker) => worker.logRecords());
    expect(survivors.some((record) => record.msg === 'packaging job stalled: taken over')).toBe(true);
    // The dead worker drops out of the fleet view by itself (its record expires).
    await waitFor(async () => (await listWorkers(queueRedis, prefix)).length === 2, {
      timeoutMs: 10_000,
      what: 'the dead worker to leave the fleet view',
    });
  }, 400_000);
});
