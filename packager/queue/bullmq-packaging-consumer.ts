/**
 * The consumer side of the packaging queue on BullMQ: runs the handler of each job kind with an AbortSignal
 * that fires when the asset is deleted (a message on the cancel channel), the worker shuts down, or the
 * worker lost the job's lock; and maps outcomes to BullMQ's: a non-retryable AppError fails the job once
 * (UnrecoverableError), a retryable one is retried with backoff, a shutdown hands the job back to the queue
 * without spending an attempt.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { toAppError } from '../domain/errors.js';
import type { EncodedPart, EncodePartJob, FinishRunJob } from '../pipeline/stage-jobs.js';
import { abortReason } from '../pipeline/job-outcome.js';
import type { Logger, PackageAssetJob } from '../ports.js';
import {
  assetIdOfJob,
  cancelChannel,
  ENCODE_PART_JOB,
  FINISH_RUN_JOB,
  PACKAGE_ASSET_JOB,
  PACKAGING_QUEUE,
  parseCancelMessage,
  parsePackageAssetJob,
  revisionOfJob,
} from './contract.js';
import { DEFAULT_LOCK_SETTINGS, JOB_POLICY, type LockSettings } from './job-policy.js';
import { parseEncodedPart, parseEncodePartJob, parseFinishRunJob } from './stage-job-schemas.js';
import { formatStageLogLine, type StageLogEntry } from './stage-log.js';

/** A finished step as the handler knows it; the consumer adds the attempt. */
export type FinishedStage = Omit<StageLogEntry, 'attempt' | 'attemptId'>;

export interface PackagingJobContext {
  readonly jobId: string;
  /** `package-asset`, `encode-part` or `finish-run`. */
  readonly jobName: string;
  /** 1 for the first try. */
  readonly attempt: number;
  /** Unique per attempt (scratch folders are named after it). */
  readonly attemptId: string;
  /** True when a retryable failure now would not be retried: the handler records the asset as errored. */
  readonly isFinalAttempt: boolean;
  /** How long the job waited in the queue before this attempt started. */
  readonly waitedMs: number;
  /** Fires when the asset is deleted, the worker is shutting down, or the job's lock was lost. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  reportProgress(percent: number): Promise<void>;
  /** Appends a finished step of this attempt to the job's log (see stage-log.ts); the dashboard reads it. */
  recordStage(stage: FinishedStage): Promise<void>;
  /** Adds one to a counter shared by every worker (expires after a day) and returns it. */
  countCompleted(key: string): Promise<number>;
  /** Tells every worker to abort this asset's running jobs. */
  stopAssetJobs(): Promise<void>;
  /** A finish job's parts' results (the flow's children's return values). */
  partResults(): Promise<readonly EncodedPart[]>;
}

/** A handler of `package-asset` jobs only (the walking skeleton's single-job mode, and tests). */
export type PackagingJobHandler = (job: PackageAssetJob, context: PackagingJobContext) => Promise<void>;

export interface PackagingHandlers {
  packageAsset(job: PackageAssetJob, context: PackagingJobContext): Promise<void>;
  /** Returns what the finish job will read; null when the part was skipped. */
  encodePart(job: EncodePartJob, context: PackagingJobContext): Promise<EncodedPart | null>;
  finishRun(job: FinishRunJob, context: PackagingJobContext): Promise<void>;
}

export interface PackagingConsumerDeps {
  /** Queue connection (maxRetriesPerRequest: null). */
  readonly connection: Redis;
  /** A separate connection for the cancel subscription (a subscribed connection can do nothing else). */
  readonly subscriber: Redis;
  readonly prefix: string;
  readonly concurrency: number;
  /** Every job kind; or `handler` alone, which takes `package-asset` jobs only. */
  readonly handlers?: PackagingHandlers;
  readonly handler?: PackagingJobHandler;
  readonly logger: Logger;
  readonly lock?: LockSettings;
  /**
   * Told of a job whose payload this worker cannot read (queued by another version of ScalaCast) before the
   * job fails for good, so its asset does not stay `processing` with no job left to finish it.
   */
  readonly onUnreadable?: (job: { readonly assetId: string; readonly revision: number }) => Promise<void>;
}

export interface RunningJob {
  readonly id: string;
  readonly name: string;
  readonly assetId: string;
  readonly revision: number;
  readonly startedAtMs: number;
}

export interface PackagingConsumer {
  readonly worker: Worker;
  /** This worker's name in the queue (`host:pid`). */
  readonly name: string;
  /** Jobs running in this process, for the fleet view. */
  activeJobIds(): string[];
  runningJobs(): RunningJob[];
  /** Stops taking jobs; waits up to graceMs for running ones, then hands them back to the queue. */
  close(graceMs: number): Promise<void>;
}

const COUNTER_TTL_SECONDS = 24 * 3600;

export async function startPackagingConsumer(deps: PackagingConsumerDeps): Promise<PackagingConsumer> {
  const running = new Map<string, RunningJob & { controller: AbortController }>();
  const shutdownReason = abortReason('shutdown', 'The worker is shutting down');
  const channel = cancelChannel(deps.prefix);
  const workerName = `${hostname()}:${process.pid}`;

  const contextFor = (
    job: Job,
    jobId: string,
    assetId: string,
    controller: AbortController,
  ): PackagingJobContext => {
    const attempt = job.attemptsMade + 1;
    const attemptId = `a${attempt}-${randomBytes(3).toString('hex')}`;
    return {
      jobId,
      jobName: job.name,
      attempt,
      attemptId,
      isFinalAttempt: attempt >= (job.opts.attempts ?? 1),
      waitedMs: Math.max(0, (job.processedOn ?? Date.now()) - job.timestamp),
      signal: controller.signal,
      logger: deps.logger.child({ jobId, job: job.name, assetId, attempt }),
      reportProgress: (percent) => job.updateProgress(percent),
      recordStage: async (stage) => {
        await job.log(formatStageLogLine({ ...stage, attempt, attemptId }));
      },
      countCompleted: async (key) => {
        const counter = `${deps.prefix}:${PACKAGING_QUEUE}:done:${key}`;
        const [[, count] = []] =
          (await deps.connection.multi().incr(counter).expire(counter, COUNTER_TTL_SECONDS).exec()) ?? [];
        return Number(count ?? 0);
      },
      stopAssetJobs: async () => {
        await deps.connection.publish(channel, assetId);
      },
      partResults: async () => {
        const values = await job.getChildrenValues<unknown>();
        return Object.values(values).flatMap((value) => parseEncodedPart(value) ?? []);
      },
    };
  };

  const dispatch = async (job: Job, assetId: string, context: PackagingJobContext): Promise<unknown> => {
    switch (job.name) {
      case PACKAGE_ASSET_JOB: {
        const payload = parsePackageAssetJob(job.data);
        if (!payload) break;
        if (deps.handlers) return deps.handlers.packageAsset(payload, context);
        if (deps.handler) return deps.handler(payload, context);
        break;
      }
      case ENCODE_PART_JOB: {
        const payload = parseEncodePartJob(job.data);
        if (!payload || !deps.handlers) break;
        return deps.handlers.encodePart(payload, context);
      }
      case FINISH_RUN_JOB: {
        const payload = parseFinishRunJob(job.data);
        if (!payload || !deps.handlers) break;
        return deps.handlers.finishRun(payload, context);
      }
    }
    const reason = `job ${job.id} (${job.name}) has a payload this worker does not understand`;
    const revision = revisionOfJob(job.data);
    if (revision !== null && deps.onUnreadable) {
      await deps.onUnreadable({ assetId, revision }).catch((error: unknown) => {
        context.logger.warn({ err: error }, 'recording an unreadable job on its asset failed');
      });
    }
    throw new UnrecoverableError(reason);
  };

  const processJob = async (job: Job, token?: string): Promise<unknown> => {
    const assetId = assetIdOfJob(job.data);
    if (!assetId) throw new UnrecoverableError(`job ${job.id} has a payload this worker does not understand`);
    const jobId = job.id ?? assetId;
    const controller = new AbortController();
    const revision = revisionOfJob(job.data) ?? 0;
    running.set(jobId, { id: jobId, name: job.name, assetId, revision, startedAtMs: Date.now(), controller });
    try {
      return await dispatch(job, assetId, contextFor(job, jobId, assetId, controller));
    } catch (error) {
      if (error instanceof UnrecoverableError) throw error;
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

  const lock = deps.lock ?? DEFAULT_LOCK_SETTINGS;
  const worker = new Worker(PACKAGING_QUEUE, processJob, {
    connection: deps.connection,
    prefix: deps.prefix,
    concurrency: deps.concurrency,
    lockDuration: lock.lockDurationMs,
    stalledInterval: lock.stalledIntervalMs,
    maxStalledCount: JOB_POLICY.maxStalledCount,
    name: workerName,
  });
  worker.on('failed', (job, error) =>
    deps.logger.warn(
      { jobId: job?.id, job: job?.name, err: error, attemptsMade: job?.attemptsMade },
      'packaging job failed',
    ),
  );
  worker.on('stalled', (jobId) => deps.logger.warn({ jobId }, 'packaging job stalled: taken over'));
  worker.on('lockRenewalFailed', (jobIds) => {
    for (const jobId of jobIds) {
      const job = running.get(jobId);
      if (!job) continue;
      deps.logger.warn({ jobId }, 'lost the lock of a running job: stopping it');
      job.controller.abort(abortReason('lock-lost', 'Another worker took this job over'));
    }
  });
  worker.on('error', (error) => deps.logger.error({ err: error }, 'packaging worker error'));

  deps.subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    const { assetId, belowRevision } = parseCancelMessage(message);
    for (const [jobId, job] of running) {
      if (job.assetId !== assetId) continue;
      if (belowRevision !== null && !(job.revision < belowRevision)) continue;
      deps.logger.info({ jobId, assetId }, 'cancelling a packaging job of its asset');
      job.controller.abort(
        abortReason('cancelled', 'The asset was deleted, re-packaged or failed while it was being packaged'),
      );
    }
  });
  await deps.subscriber.subscribe(channel);
  await worker.waitUntilReady();

  return {
    worker,
    name: workerName,
    activeJobIds: () => [...running.keys()],
    runningJobs: () => [...running.values()].map(({ controller: _controller, ...job }) => job),
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
