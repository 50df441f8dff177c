/**
 * The fleet view: every packaging worker advertises itself in the queue's Redis (host, pid, concurrency,
 * ffmpeg threads, the jobs it runs now) under a key that expires unless its heartbeat renews it, so a worker
 * that dies disappears within one TTL without anyone cleaning up. `listWorkers` is what the admin dashboard
 * reads. An index (a sorted set scored by expiry time) avoids SCAN over the whole keyspace.
 */
import type { Redis } from 'ioredis';
import { AppError } from '../domain/errors.js';
import type { Logger } from '../ports.js';

export interface WorkerJobInfo {
  readonly id: string;
  readonly name: string;
  readonly assetId: string;
  readonly revision: number;
  readonly startedAtMs: number;
}

export interface WorkerInfo {
  /** `host:pid`, the name BullMQ shows for the worker too. */
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly concurrency: number;
  /** Threads each of its ffmpeg runs gets (platform/ffmpeg-threads.ts; 0: ffmpeg chooses). */
  readonly ffmpegThreads: number;
  readonly startedAtMs: number;
  /** When this record was written. */
  readonly seenAtMs: number;
  readonly jobs: readonly WorkerJobInfo[];
}

export interface WorkerHeartbeat {
  /** Writes the record now (after a job starts or ends, so the view is current). */
  beat(): Promise<void>;
  /** Stops the heartbeat and removes the record. */
  stop(): Promise<void>;
}

const DEFAULT_INTERVAL_MS = 5_000;

function indexKey(prefix: string): string {
  return `${prefix}:workers`;
}

function recordKey(prefix: string, id: string): string {
  return `${prefix}:workers:${id}`;
}

export function startWorkerHeartbeat(options: {
  readonly redis: Redis;
  readonly prefix: string;
  readonly describe: () => Omit<WorkerInfo, 'seenAtMs'>;
  readonly intervalMs?: number;
  readonly logger?: Logger;
}): WorkerHeartbeat {
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  // Three missed beats and the worker is gone from the view.
  const ttlMs = intervalMs * 3;
  const write = async (): Promise<void> => {
    const now = Date.now();
    const info: WorkerInfo = { ...options.describe(), seenAtMs: now };
    await options.redis
      .multi()
      .set(recordKey(options.prefix, info.id), JSON.stringify(info), 'PX', ttlMs)
      .zadd(indexKey(options.prefix), now + ttlMs, info.id)
      .zremrangebyscore(indexKey(options.prefix), '-inf', now)
      .exec();
  };
  const beat = () =>
    write().catch((error: unknown) => options.logger?.warn({ err: error }, 'worker heartbeat failed'));
  const timer = setInterval(() => void beat(), intervalMs);
  timer.unref();
  void beat();
  return {
    beat,
    async stop() {
      clearInterval(timer);
      const { id } = options.describe();
      await options.redis
        .multi()
        .del(recordKey(options.prefix, id))
        .zrem(indexKey(options.prefix), id)
        .exec()
        .catch(() => undefined);
    },
  };
}

/** Every live worker of the fleet sharing this queue prefix, by id. */
export async function listWorkers(redis: Redis, prefix: string): Promise<WorkerInfo[]> {
  try {
    const ids = await redis.zrangebyscore(indexKey(prefix), Date.now(), '+inf');
    if (ids.length === 0) return [];
    const records = await redis.mget(ids.map((id) => recordKey(prefix, id)));
    return records
      .flatMap((record) => (record === null ? [] : [JSON.parse(record) as WorkerInfo]))
      .sort((a, b) => a.id.localeCompare(b.id));
  } catch (error) {
    throw new AppError('upstream_unavailable', 'The job queue is not reachable', {
      retryable: true,
      cause: error,
    });
  }
}
