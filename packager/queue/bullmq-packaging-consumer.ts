/**
 * The consumer side of the packaging queue on BullMQ: runs a handler per job with an AbortSignal that fires
 * when the asset is deleted (a message on the cancel channel) or the worker shuts down, and maps outcomes to
 * BullMQ's: a non-retryable AppError fails the job once (UnrecoverableError), a retryable one is retried with
 * backoff, a shutdown hands the job back to the queue without spending an attempt.
 */
import { hostname } from 'node:os';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppError, toAppError } from '../domain/errors.js';
import type { Logger, PackageAssetJob } from '../ports.js';
import { cancelChannel, PACKAGING_QUEUE, parsePackageAssetJob } from './contract.js';
import { JOB_POLICY } from './job-policy.js';

export interface PackagingJobContext {
  readonly jobId: string;
  /** 1 for the first try. */
  readonly attempt: number;
  /** True when a retryable failure now would not be retried: the handler records the asset as errored. */
  readonly isFinalAttempt: boolean;
  /** Fires when the asset is deleted or the worker is shutting down. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  reportProgress(percent: number): Promise<void>;
}

export type PackagingJobHandler = (job: PackageAssetJob, context: PackagingJobContext) => Promise<void>;

export interface PackagingConsumerDeps {
  /** Queue connection (maxRetriesPerRequest: null). */
  readonly connection: Redis;
  /** A separate connection for the cancel subscription (a subscribed connection can do nothing else). */
  readonly subscriber: Redis;
  readonly prefix: string;
  readonly concurrency: number;
  readonly handler: PackagingJobHandler;
  readonly logger: Logger;
}

export interface PackagingConsumer {
  readonly worker: Worker;
  /** Jobs running in this process, for the fleet view. */
  activeJobIds(): string[];
  /** Stops taking jobs; waits up to graceMs for running ones, then hands them back to the queue. */
  close(graceMs: number): Promise<void>;
}

export async function startPackagingConsumer(deps: PackagingConsumerDeps): Promise<PackagingConsumer> {
  const running = new Map<string, { assetId: string; controller: AbortController }>();
  const shutdownReason = new AppError('cancelled', 'The worker is shutting down', { retryable: true });

  const processJob = async (job: Job, token?: string): Promise<void> => {
    const payload = parsePackageAssetJob(job.data);
    if (!payload) throw new UnrecoverableError(`job ${job.id} has a payload this worker does not understand`);
    const jobId = job.id ?? payload.assetId;
    const controller = new AbortController();
    running.set(jobId, { assetId: payload.assetId, controller });
    const attempt = job.attemptsMade + 1;
    const logger = deps.logger.child({ jobId, assetId: payload.assetId, attempt });
    try {
      await deps.handler(payload, {
        jobId,
        attempt,
        isFinalAttempt: attempt >= (job.opts.attempts ?? 1),
        signal: controller.signal,
        logger,
        reportProgress: (percent) => job.updateProgress(percent),
      });
    } catch (error) {
      if (controller.signal.reason === shutdownReason && token) {
        // Hand the job back untouched so another worker starts it now, without spending an attempt.
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      const appError = toAppError(error);
      if (!appError.retryable) throw new UnrecoverableError(`${appError.code}: ${appError.message}`);
      throw appError;
    } finally {
      running.delete(jobId);
    }
  };

  const worker = new Worker(PACKAGING_QUEUE, processJob, {
    connection: deps.connection,
    prefix: deps.prefix,
    concurrency: deps.concurrency,
    lockDuration: JOB_POLICY.lockDurationMs,
    stalledInterval: JOB_POLICY.stalledIntervalMs,
    maxStalledCount: JOB_POLICY.maxStalledCount,
    name: `${hostname()}:${process.pid}`,
  });
  worker.on('failed', (job, error) =>
    deps.logger.warn({ jobId: job?.id, err: error, attemptsMade: job?.attemptsMade }, 'packaging job failed'),
  );
  worker.on('error', (error) => deps.logger.error({ err: error }, 'packaging worker error'));

  const channel = cancelChannel(deps.prefix);
  deps.subscriber.on('message', (from: string, assetId: string) => {
    if (from !== channel) return;
    for (const [jobId, job] of running) {
      if (job.assetId !== assetId) continue;
      deps.logger.info({ jobId, assetId }, 'cancelling packaging job of a deleted asset');
      job.controller.abort(new AppError('cancelled', 'The asset was deleted while it was being packaged'));
    }
  });
  await deps.subscriber.subscribe(channel);
  await worker.waitUntilReady();

  return {
    worker,
    activeJobIds: () => [...running.keys()],
    async close(graceMs: number) {
      const closing = worker.close();
      const timer = setTimeout(() => {
        for (const job of running.values()) job.controller.abort(shutdownReason);
      }, graceMs);
      await closing;
      clearTimeout(timer);
      await deps.subscriber.unsubscribe(channel).catch(() => undefined);
    },
  };
}
