import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { AppError } from '../../packager/domain/errors.js';
import { createBullmqJobQueue, type BullmqJobQueue } from '../../packager/queue/bullmq-job-queue.js';
import {
  startPackagingConsumer,
  type PackagingConsumer,
  type PackagingJobHandler,
} from '../../packager/queue/bullmq-packaging-consumer.js';
import { createQueueRedis } from '../../packager/platform/redis.js';
import { createLogger } from '../../packager/platform/logger.js';
import type { PackageAssetJob } from '../../packager/ports.js';
import { startRedis, uniquePrefix, type TestRedis } from '../setup/redis.js';
import { waitFor } from '../setup/wait-for.js';

const logger = createLogger({ level: 'silent', base: {} });
let redis: TestRedis;
const opened: Array<{ close(): Promise<unknown> } | Redis> = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) {
    if ('quit' in item) await item.quit().catch(() => undefined);
    else await item.close();
  }
});
afterAll(async () => redis.stop());

function connect(): Redis {
  const connection = createQueueRedis(redis.url);
  opened.push(connection);
  return connection;
}

function job(assetId: string, revision = 1): PackageAssetJob {
  return { v: 1, assetId, revision, sourceKey: `assets/${assetId}/source` };
}

async function setup(
  prefix: string,
  handler: PackagingJobHandler,
  onUnreadable?: (job: { assetId: string; revision: number }) => Promise<void>,
): Promise<{ queue: BullmqJobQueue; consumer: PackagingConsumer }> {
  const queue = createBullmqJobQueue({ connection: connect(), prefix });
  opened.push(queue);
  const consumer = await startPackagingConsumer({
    connection: connect(),
    subscriber: connect(),
    prefix,
    concurrency: 2,
    handler,
    logger,
    ...(onUnreadable ? { onUnreadable } : {}),
  });
  opened.push({ close: () => consumer.close(1000) });
  return { queue, consumer };
}

describe('BullMQ packaging queue on a real redis-server', () => {
  it('delivers a job once even when it is enqueued twice', async () => {
    const seen: string[] = [];
    const { queue } = await setup(uniquePrefix(), async (payload) => {
      seen.push(payload.assetId);
    });
    await queue.enqueuePackageAsset(job('AAAAAAAAAAAAAAAAAAA1'));
    await queue.enqueuePackageAsset(job('AAAAAAAAAAAAAAAAAAA1'));
    await waitFor(async () => (await queue.queue.getCompletedCount()) === 1);
    expect(seen).toEqual(['AAAAAAAAAAAAAAAAAAA1']);
  });

  it('fails a non-retryable error once, without retrying', async () => {
    let calls = 0;
    const { queue } = await setup(uniquePrefix(), async () => {
      calls += 1;
      throw new AppError('unsupported_media', 'not a video');
    });
    await queue.enqueuePackageAsset(job('AAAAAAAAAAAAAAAAAAA2'));
    await waitFor(async () => (await queue.queue.getFailedCount()) === 1);
    const [failed] = await queue.queue.getFailed();
    expect(calls).toBe(1);
    expect(failed?.failedReason).toContain('unsupported_media');
  });

  it('fails a job it cannot read once, and says so for its asset', async () => {
    let calls = 0;
    const unreadable: Array<{ assetId: string; revision: number }> = [];
    const { queue } = await setup(
      uniquePrefix(),
      async () => {
        calls += 1;
      },
      async (job) => {
        unreadable.push(job);
      },
    );
    // What a worker of another version may have queued: the same job name, a payload of another shape.
    await queue.queue.add('package-asset', { ...job('AAAAAAAAAAAAAAAAAAA9', 3), v: 9 });
    await waitFor(async () => (await queue.queue.getFailedCount()) === 1);
    const [failed] = await queue.queue.getFailed();
    expect(failed?.failedReason).toContain('does not understand');
    expect(failed?.attemptsMade).toBe(1);
    expect(calls).toBe(0);
    expect(unreadable).toEqual([{ assetId: 'AAAAAAAAAAAAAAAAAAA9', revision: 3 }]);
  });

  it('retries a retryable error and tells the last attempt it is the last', async () => {
    const attempts: Array<{ attempt: number; final: boolean }> = [];
    const { queue } = await setup(uniquePrefix(), async (_payload, context) => {
      attempts.push({ attempt: context.attempt, final: context.isFinalAttempt });
      if (context.attempt < 2)
        throw new AppError('upstream_unavailable', 'storage down', { retryable: true });
    });
    // Short backoff for the test: the job options the producer sets are overridden on this one job.
    await queue.queue.add('package-asset', job('AAAAAAAAAAAAAAAAAAA3'), {
      jobId: 'AAAAAAAAAAAAAAAAAAA3.r1',
      attempts: 2,
      backoff: { type: 'fixed', delay: 10 },
    });
    await waitFor(async () => (await queue.queue.getCompletedCount()) === 1);
    expect(attempts).toEqual([
      { attempt: 1, final: false },
      { attempt: 2, final: true },
    ]);
  });

  it('aborts the running job of a cancelled asset through its AbortSignal', async () => {
    let started = false;
    const { queue } = await setup(uniquePrefix(), (_payload, context) => {
      started = true;
      return new Promise((_resolve, reject) => {
        context.signal.addEventListener('abort', () => reject(context.signal.reason as Error));
      });
    });
    await queue.enqueuePackageAsset(job('AAAAAAAAAAAAAAAAAAA4'));
    await waitFor(async () => started);
    await queue.cancelAsset('AAAAAAAAAAAAAAAAAAA4');
    await waitFor(async () => (await queue.queue.getFailedCount()) === 1);
    const [failed] = await queue.queue.getFailed();
    expect(failed?.failedReason).toContain('cancelled');
  });

  it('removes a waiting job of a cancelled asset before any worker takes it', async () => {
    const prefix = uniquePrefix();
    const queue = createBullmqJobQueue({ connection: connect(), prefix });
    opened.push(queue);
    await queue.enqueuePackageAsset(job('AAAAAAAAAAAAAAAAAAA5'));
    expect(await queue.queue.getWaitingCount()).toBe(1);
    await queue.cancelAsset('AAAAAAAAAAAAAAAAAAA5');
    expect(await queue.queue.getWaitingCount()).toBe(0);
  });

  it('hands a running job back to the queue on shutdown without spending an attempt', async () => {
    const prefix = uniquePrefix();
    let firstStarted = false;
    const first = await setup(prefix, (_payload, context) => {
      firstStarted = true;
      return new Promise((_resolve, reject) => {
        context.signal.addEventListener('abort', () => reject(context.signal.reason as Error));
      });
    });
    await first.queue.enqueuePackageAsset(job('AAAAAAAAAAAAAAAAAAA6'));
    await waitFor(async () => firstStarted);
    await first.consumer.close(50);

    const attempts: number[] = [];
    await setup(prefix, async (_payload, context) => {
      attempts.push(context.attempt);
    });
    await waitFor(async () => (await first.queue.queue.getCompletedCount()) === 1);
    expect(attempts).toEqual([1]);
  });

  it('answers ping while Redis is up', async () => {
    const queue = createBullmqJobQueue({ connection: connect(), prefix: uniquePrefix() });
    opened.push(queue);
    await expect(queue.ping()).resolves.toBeUndefined();
  });
});
