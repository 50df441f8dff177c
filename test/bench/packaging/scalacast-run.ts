/**
 * One ScalaCast deployment for the benchmark, configured by env as a user runs it: in production mode an
 * origin process and N worker processes on redis-server, PostgreSQL and S3 (s3rver), or the all-in-one
 * process on its embedded defaults. Uploads one source through the API and measures, from the start of the
 * upload: time to `playable`, time to `ready`, as the publisher's webhook endpoint receives them; then reads
 * every job's timing back from BullMQ and the processes' own log lines.
 */
import { EventEmitter, on } from 'node:events';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
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
 * The benchmark learns that the asset is playable and ready as a publisher's backend does, from webhooks,
 * not by asking for the asset: every request costs the origin, PostgreSQL and this process CPU on the same
 * two cores as ffmpeg (asking every 250 ms took 0.8 s of the origin's CPU and about as much of this process's
 * over a 40 s encode, measured; every 50 ms, a quarter of a core), and the time a webhook arrives is exact
 * where a poll is up to an interval late.
 */
const EVENTS = ['asset.playable', 'asset.ready', 'asset.errored'] as const;
type EventType = (typeof EVENTS)[number];

/** A publisher's webhook endpoint on loopback: when each event of each asset first arrived. */
interface EventReceiver {
  readonly url: string;
  arrivedAt(assetId: string, type: EventType): number | undefined;
  /**
   * Resolves when the asset's first event of one of `types` arrives (at once if one already has): no
   * polling, so this process takes no CPU from the cores ffmpeg uses while it waits.
   */
  firstOf(assetId: string, types: readonly EventType[], timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

async function startEventReceiver(): Promise<EventReceiver> {
  const arrivals = new Map<string, number>();
  /** Emits an asset's id with the type of each of its events as it first arrives. */
  const arrived = new EventEmitter();
  const server = http.createServer((request, response) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        type: string;
        data: { asset: { id: string } };
      };
      const key = `${body.data.asset.id} ${body.type}`;
      if (!arrivals.has(key)) {
        arrivals.set(key, at);
        arrived.emit(body.data.asset.id, body.type);
      }
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    arrivedAt: (assetId, type) => arrivals.get(`${assetId} ${type}`),
    firstOf: async (assetId, types, timeoutMs) => {
      if (types.some((type) => arrivals.has(`${assetId} ${type}`))) return;
      for await (const [type] of on(arrived, assetId, { signal: AbortSignal.timeout(timeoutMs) }))
        if (types.includes(type as EventType)) return;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface Services {
  /** A production-mode deployment's environment: its own database, bucket and queue prefix. */
  readonly env: () => Promise<Record<string, string>>;
  /**
   * The all-in-one mode's (`npm start`) on its embedded defaults, in `dataDir`: PGlite, the filesystem store
   * and its own cache redis-server; the queue on the benchmark's redis-server, where it reads the jobs from
   * (the mode's own would be the same redis-server, started by it).
   */
  readonly embeddedEnv: (dataDir: string) => Record<string, string>;
  stop(): Promise<void>;
}

export async function startServices(): Promise<Services> {
  const [redis, postgres, s3] = await Promise.all([startRedis(), startPostgres(), startS3rver()]);
  const common = {
    SCALACAST_BOOTSTRAP_KEY: BOOTSTRAP_KEY,
    LOG_LEVEL: 'info',
    // The webhook endpoint is on loopback, which outbound requests may not reach by default.
    OUTBOUND_ALLOW_CIDRS: '127.0.0.1/32',
  };
  return {
    env: async () => ({
      ...(await sharedEnginesEnv(
        { redis, postgres, s3 },
        { bucket: await s3.createBucket(), queuePrefix: uniquePrefix('bench') },
      )),
      ...common,
    }),
    embeddedEnv: (dataDir) => ({
      ...common,
      DATA_DIR: dataDir,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: uniquePrefix('bench'),
    }),
    stop: async () => {
      await Promise.all([redis.stop(), postgres.stop(), s3.stop()]);
    },
  };
}

/** The processes log pino's level labels (packager/platform/logger.ts). */
const INCIDENT_LEVELS = new Set(['warn', 'error', 'fatal']);

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

/**
 * `production`: an origin process and worker processes on PostgreSQL, the queue Redis and S3 (s3rver, on
 * this machine's cores too); `embedded`: one all-in-one process on its embedded defaults (npm start).
 */
export type Deployment = 'production' | 'embedded';

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
  options: { workers: number; env?: Record<string, string>; deployment?: Deployment },
): Promise<ScalacastRun> {
  const embedded = options.deployment === 'embedded';
  if (embedded && options.workers !== 1) throw new Error('the all-in-one mode runs one worker');
  const tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-bench-worker-'));
  const env: Record<string, string> = embedded
    ? { ...services.embeddedEnv(tmpDir), ...options.env }
    : { ...(await services.env()), TMP_DIR: tmpDir, ...options.env };
  const processes: ScalacastProcess[] = [];
  const redis = createQueueRedis(env.REDIS_URL ?? '');
  const queue = new Queue(PACKAGING_QUEUE, { connection: redis, prefix: env.QUEUE_PREFIX ?? '' });
  const receiver = await startEventReceiver();
  try {
    if (!embedded)
      for (let index = 0; index < options.workers; index++)
        processes.push(await startScalacast('worker', env));
    const origin = await startScalacast(embedded ? 'all-in-one' : 'origin', env);
    processes.push(origin);
    const authorization = `Bearer ${BOOTSTRAP_KEY}`;
    const api = createApiClient(origin.url, { authorization });
    const hook = await fetch(`${origin.url}/v1/webhooks`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, events: EVENTS }),
    });
    if (hook.status !== 201)
      throw new Error(`webhook endpoint answered ${hook.status}: ${await hook.text()}`);

    const startedAt = performance.now();
    const startedAtEpochMs = Date.now();
    const created = await api.uploadFile(sourcePath, 'bench');
    if (created.status !== 201) throw new Error(`upload answered ${created.status}: ${await created.text()}`);
    const uploadMs = performance.now() - startedAt;
    const { id } = (await created.json()) as AssetJson;
    await receiver.firstOf(id, ['asset.ready', 'asset.errored'], 1_800_000);
    const readyAt = receiver.arrivedAt(id, 'asset.ready');
    const asset = await api.getAsset(id);
    if (readyAt === undefined || asset.status !== 'ready')
      throw new Error(`the benchmark asset ended ${asset.status}: ${JSON.stringify(asset.error)}`);
    const readyMs = readyAt - startedAt;
    // No provisional commit (an asset that was ready at once): playable with ready.
    const playableMs = Math.min(receiver.arrivedAt(id, 'asset.playable') ?? readyAt, readyAt) - startedAt;

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
      .filter((record) => INCIDENT_LEVELS.has(String(record.level)))
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
    await receiver.close();
    await queue.close();
    await redis.quit();
    await Promise.all(processes.map((process) => process.stop()));
    await fs.rm(tmpDir, { recursive: true, force: true });
  }
}
