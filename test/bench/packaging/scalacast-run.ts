/**
 * One ScalaCast deployment for the benchmark, as production runs it: an origin process and N worker
 * processes on redis-server, PostgreSQL and S3 (s3rver), configured by env. Uploads one source through the
 * API and measures, from the start of the upload: time to `playable`, time to `ready`; then reads every job's
 * timing back from BullMQ and the workers' own log lines.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { createQueueRedis } from '../../../packager/platform/redis.js';
import { PACKAGING_QUEUE } from '../../../packager/queue/contract.js';
import { parseStageLogLine } from '../../../packager/queue/stage-log.js';
import { createApiClient, type AssetJson } from '../../setup/api-client.js';
import { startPostgres } from '../../setup/postgres.js';
import { startRedis, uniquePrefix } from '../../setup/redis.js';
import { startS3rver } from '../../setup/s3rver.js';
import { sharedEnginesEnv } from '../../setup/shared-engines.js';
import { startScalacast, type ScalacastProcess } from '../../setup/scalacast-process.js';
import { waitFor } from '../../setup/wait-for.js';

const BOOTSTRAP_KEY = 'bench-packaging-bootstrap-key-0123456';
/**
 * How often the benchmark asks for the asset, as a publisher's client would (webhooks aside). Every request
 * costs the origin, PostgreSQL and this process some CPU on the same two cores as ffmpeg: polling every
 * 50 ms took about a quarter of a core away from the encode; 250 ms keeps that small at a resolution of a
 * quarter of a second.
 */
const POLL_INTERVAL_MS = 250;

export interface Services {
  readonly env: () => Promise<Record<string, string>>;
  stop(): Promise<void>;
}

export async function startServices(): Promise<Services> {
  const [redis, postgres, s3] = await Promise.all([startRedis(), startPostgres(), startS3rver()]);
  return {
    env: async () => ({
      ...(await sharedEnginesEnv(
        { redis, postgres, s3 },
        { bucket: await s3.createBucket(), queuePrefix: uniquePrefix('bench') },
      )),
      SCALACAST_BOOTSTRAP_KEY: BOOTSTRAP_KEY,
      LOG_LEVEL: 'info',
    }),
    stop: async () => {
      await Promise.all([redis.stop(), postgres.stop(), s3.stop()]);
    },
  };
}

/** pino's numeric level of `warn`. */
const WARN_LEVEL = 40;

function errorMessageOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : '';
}

export interface JobTiming {
  readonly name: string;
  readonly part: string | null;
  readonly waitedMs: number;
  readonly ranMs: number;
  /** ffmpeg wall time of a part, from the worker's log. */
  readonly ffmpegMs: number | null;
  /** The job's steps from its stage log (see packager/queue/stage-log.ts), timed from the upload's start. */
  readonly steps: readonly StepTiming[];
}

export interface StepTiming {
  readonly step: string;
  readonly phase: string | null;
  readonly startMs: number;
  readonly durationMs: number;
}

export interface ScalacastRun {
  readonly uploadMs: number;
  readonly playableMs: number;
  readonly readyMs: number;
  readonly asset: AssetJson;
  readonly jobs: readonly JobTiming[];
  /** The processes' warning and error log lines, message and error. */
  readonly incidents: readonly string[];
  readonly perTitle: { complexity: string; bitsPerPixel: number | null; rungs: string[] } | null;
  readonly workers: number;
}

export async function runScalacast(
  services: Services,
  sourcePath: string,
  options: { workers: number; env?: Record<string, string> },
): Promise<ScalacastRun> {
  const tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-bench-worker-'));
  const env: Record<string, string> = { ...(await services.env()), TMP_DIR: tmpDir, ...options.env };
  const processes: ScalacastProcess[] = [];
  const redis = createQueueRedis(env.REDIS_URL ?? '');
  const queue = new Queue(PACKAGING_QUEUE, { connection: redis, prefix: env.QUEUE_PREFIX ?? '' });
  try {
    for (let index = 0; index < options.workers; index++) processes.push(await startScalacast('worker', env));
    const origin = await startScalacast('origin', env);
    processes.push(origin);
    const api = createApiClient(origin.url, { authorization: `Bearer ${BOOTSTRAP_KEY}` });

    const startedAt = performance.now();
    const startedAtEpochMs = Date.now();
    const created = await api.uploadFile(sourcePath, 'bench');
    if (created.status !== 201) throw new Error(`upload answered ${created.status}: ${await created.text()}`);
    const uploadMs = performance.now() - startedAt;
    const { id } = (await created.json()) as AssetJson;
    let playableMs = 0;
    let asset: AssetJson | undefined;
    await waitFor(
      async () => {
        asset = await api.getAsset(id);
        if (asset.playable && playableMs === 0) playableMs = performance.now() - startedAt;
        return asset.status === 'ready' || asset.status === 'errored';
      },
      { timeoutMs: 1_800_000, intervalMs: POLL_INTERVAL_MS, what: 'the benchmark asset to be ready' },
    );
    const readyMs = performance.now() - startedAt;
    if (asset?.status !== 'ready')
      throw new Error(`the benchmark asset ended ${asset?.status}: ${JSON.stringify(asset?.error)}`);

    // The catalog says ready as the job commits; the job itself completes (and writes its last stage log
    // lines) a moment later.
    await waitFor(
      async () => {
        const counts = await queue.getJobCounts('active', 'waiting', 'waiting-children', 'delayed');
        return Object.values(counts).every((count) => count === 0);
      },
      { timeoutMs: 60_000, intervalMs: 50, what: 'the benchmark jobs to complete' },
    );
    const logs = processes.flatMap((process) => process.logRecords());
    const ffmpegByJob = new Map<string, number>();
    for (const record of logs) {
      if (record.msg === 'part encoded' && typeof record.jobId === 'string')
        ffmpegByJob.set(record.jobId, Number(record.wallMs));
    }
    const planned = logs.find((record) => String(record.msg).startsWith('packaging planned'));
    // Warnings and errors of the processes (a retried attempt, a stalled job): a run's time includes them.
    const incidents = logs
      .filter((record) => typeof record.level === 'number' && record.level >= WARN_LEVEL)
      .map((record) => [record.msg, errorMessageOf(record.err)].filter(Boolean).join(': '));
    const completed = await queue.getJobs(['completed']);
    const jobs = await Promise.all(
      completed.map(async (job): Promise<JobTiming> => {
        const data = job.data as { part?: string };
        const { logs: lines } = await queue.getJobLogs(job.id ?? '');
        const steps = lines.flatMap((line) => {
          const entry = parseStageLogLine(line);
          if (!entry) return [];
          const startMs = entry.startedAtMs - startedAtEpochMs;
          return [{ step: entry.stage, phase: entry.phase, startMs, durationMs: entry.durationMs }];
        });
        return {
          name: job.name,
          part: data.part ?? null,
          waitedMs: (job.processedOn ?? 0) - job.timestamp,
          ranMs: (job.finishedOn ?? 0) - (job.processedOn ?? 0),
          ffmpegMs: ffmpegByJob.get(job.id ?? '') ?? null,
          steps,
        };
      }),
    );
    return {
      uploadMs,
      playableMs,
      readyMs,
      asset,
      jobs,
      incidents,
      workers: options.workers,
      perTitle: planned
        ? {
            complexity: String(planned.complexity),
            bitsPerPixel: typeof planned.bitsPerPixel === 'number' ? planned.bitsPerPixel : null,
            rungs: (planned.rungs as string[] | undefined) ?? [],
          }
        : null,
    };
  } finally {
    await queue.close();
    await redis.quit();
    await Promise.all(processes.map((process) => process.stop()));
    await fs.rm(tmpDir, { recursive: true, force: true });
  }
}
