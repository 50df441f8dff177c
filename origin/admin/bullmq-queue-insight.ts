/**
 * QueueInsight on BullMQ. Throughput reads the `completed`/`failed` sorted sets directly (BullMQ scores
 * them by finish time), so one ZRANGEBYSCORE per set covers the hour without loading a job; it sees only
 * the jobs the retention policy keeps (JOB_POLICY.keepCompleted). Workers are the clients BullMQ registers
 * on Redis (CLIENT LIST), matched to active jobs by the worker name BullMQ records as `processedBy`.
 */
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppError } from '../../packager/domain/errors.js';
import type { Clock } from '../../packager/ports.js';
import { packageJobId, parsePackageAssetJob } from '../../packager/queue/contract.js';
import type {
  FailedJob,
  FleetWorker,
  JobRun,
  QueueCounts,
  QueueInsight,
  Throughput,
} from './queue-insight.js';

export interface BullmqQueueInsightDeps {
  /** The packaging queue (throughput, workers and asset jobs come from it). */
  readonly packaging: Queue;
  /** Every queue whose counts and failures the overview shows, the packaging queue included. */
  readonly queues: readonly Queue[];
  /** The queue Redis connection, for the sorted-set reads. */
  readonly redis: Redis;
  readonly clock: Clock;
}

const JOBS_PER_ASSET = 10;
const LOG_LINES = 50;

export function createBullmqQueueInsight(deps: BullmqQueueInsightDeps): QueueInsight {
  const { packaging, redis, clock } = deps;

  async function guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new AppError('upstream_unavailable', 'The job queue (Redis) is not reachable.', {
        retryable: true,
        cause: error,
      });
    }
  }

  async function finishedSince(type: 'completed' | 'failed', sinceMs: number): Promise<number[]> {
    const flat = await redis.zrangebyscore(packaging.toKey(type), sinceMs, '+inf', 'WITHSCORES');
    return flat.filter((_, index) => index % 2 === 1).map(Number);
  }

  return {
    counts: () =>
      guard(() =>
        Promise.all(
          deps.queues.map(async (queue): Promise<QueueCounts> => {
            const [counts, paused] = await Promise.all([
              queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'),
              queue.isPaused(),
            ]);
            const count = (name: string) => counts[name] ?? 0;
            return {
              queue: queue.name,
              waiting: count('waiting') + count('prioritized'),
              active: count('active'),
              delayed: count('delayed'),
              failed: count('failed'),
              completed: count('completed'),
              paused,
            };
          }),
        ),
      ),

    throughput: (windowMs, buckets) =>
      guard(async (): Promise<Throughput> => {
        const nowMs = clock.nowMs();
        const sinceMs = nowMs - windowMs;
        const bucketMs = windowMs / buckets;
        const bucketize = (times: number[]) => {
          const counts = new Array<number>(buckets).fill(0);
          for (const atMs of times) {
            const index = Math.min(buckets - 1, Math.max(0, Math.floor((atMs - sinceMs) / bucketMs)));
            counts[index] = (counts[index] ?? 0) + 1;
          }
          return counts;
        };
        const [completed, failed] = await Promise.all([
          finishedSince('completed', sinceMs),
          finishedSince('failed', sinceMs),
        ]);
        return { windowMs, bucketMs, completed: bucketize(completed), failed: bucketize(failed) };
      }),

    recentFailures: (limit) =>
      guard(async () => {
        const perQueue = await Promise.all(
          deps.queues.map(async (queue) =>
            (await queue.getFailed(0, limit - 1)).map((job) => toFailedJob(queue.name, job)),
          ),
        );
        return perQueue
          .flat()
          .sort((a, b) => b.failedAtMs - a.failedAtMs)
          .slice(0, limit);
      }),

    workers: () =>
      guard(async () => {
        const [clients, active] = await Promise.all([packaging.getWorkers(), packaging.getActive(0, 199)]);
        const byName = new Map<string, FleetWorker>();
        for (const client of clients) {
          const name = workerName(client['rawname'] ?? '');
          if (byName.has(name)) continue; // a worker holds more than one connection
          byName.set(name, {
            name,
            upForMs: secondsField(client['age']),
            lastSeenAgoMs: null,
            currentJobs: active
              .filter((job) => job.processedBy === name)
              .map((job) => ({
                jobId: job.id ?? '',
                assetId: parsePackageAssetJob(job.data)?.assetId ?? null,
              })),
          });
        }
        return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
      }),

    jobsOfAsset: (assetId, latestRevision) =>
      guard(async () => {
        // One past the latest revision: a retry enqueued a moment ago and not yet started.
        const newest = (latestRevision ?? 0) + 1;
        const revisions = Array.from({ length: Math.min(newest, JOBS_PER_ASSET) }, (_, i) => newest - i);
        const runs = await Promise.all(
          revisions.map(async (revision) => {
            const job = await packaging.getJob(packageJobId(assetId, revision));
            return job ? toJobRun(packaging, job, revision) : null;
          }),
        );
        return runs.filter((run): run is JobRun => run !== null);
      }),

    hasPackagingJob: (assetId, revision) =>
      guard(async () => (await packaging.getJob(packageJobId(assetId, revision))) !== undefined),
  };
}

async function toJobRun(queue: Queue, job: Job, revision: number): Promise<JobRun> {
  const jobId = job.id ?? '';
  const [state, logs] = await Promise.all([job.getState(), queue.getJobLogs(jobId, -LOG_LINES, -1)]);
  return {
    jobId,
    revision,
    state,
    enqueuedAtMs: job.timestamp,
    startedAtMs: job.processedOn ?? null,
    finishedAtMs: job.finishedOn ?? null,
    attemptsMade: job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    progress: typeof job.progress === 'number' ? job.progress : 0,
    failedReason: job.failedReason || null,
    worker: job.processedBy ?? null,
    logs: logs.logs,
  };
}

function toFailedJob(queue: string, job: Job): FailedJob {
  const data: unknown = job.data;
  const payload = parsePackageAssetJob(data);
  // Other queues' jobs (webhook deliveries) may name an asset too.
  const assetId =
    payload?.assetId ?? (typeof data === 'object' && data !== null ? stringField(data, 'assetId') : null);
  return {
    queue,
    jobId: job.id ?? '',
    assetId,
    revision: payload?.revision ?? null,
    reason: job.failedReason || 'no reason recorded',
    failedAtMs: job.finishedOn ?? job.timestamp,
    attemptsMade: job.attemptsMade,
  };
}

/** BullMQ names worker connections `{prefix}:{queue}:w:{worker name}`; unnamed workers have no suffix. */
function workerName(rawName: string): string {
  const marker = rawName.indexOf(':w:');
  return marker === -1 ? 'unnamed worker' : rawName.slice(marker + 3);
}

function secondsField(value: string | undefined): number | null {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) * 1000 : null;
}

function stringField(data: object, name: string): string | null {
  const value: unknown = (data as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : null;
}
