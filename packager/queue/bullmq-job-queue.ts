/**
 * The producer side of the packaging queue on BullMQ. Library details stay here: the rest of ScalaCast sees
 * only the JobQueue port.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppError } from '../domain/errors.js';
import type { JobQueue, PackageAssetJob } from '../ports.js';
import { pingRedis } from '../platform/redis.js';
import {
  cancelChannel,
  PACKAGE_ASSET_JOB,
  PACKAGING_QUEUE,
  assetIdOfJob,
  cancelMessage,
  packageJobId,
  revisionOfJob,
} from './contract.js';
import { JOB_POLICY } from './job-policy.js';

export interface BullmqJobQueueDeps {
  /** A connection made with createQueueRedis (maxRetriesPerRequest: null). Not closed by close(). */
  readonly connection: Redis;
  readonly prefix: string;
}

export interface BullmqJobQueue extends JobQueue {
  /** The BullMQ queue itself, for the admin dashboard and metrics. */
  readonly queue: Queue;
}

export function createBullmqJobQueue(deps: BullmqJobQueueDeps): BullmqJobQueue {
  const queue = new Queue(PACKAGING_QUEUE, { connection: deps.connection, prefix: deps.prefix });

  return {
    queue,
    async enqueuePackageAsset(job: PackageAssetJob) {
      try {
        await queue.add(PACKAGE_ASSET_JOB, job, {
          jobId: packageJobId(job.assetId, job.revision),
          priority: JOB_POLICY.priority.packageAsset,
          attempts: JOB_POLICY.attempts,
          backoff: { type: 'exponential', delay: JOB_POLICY.backoffDelayMs },
          removeOnComplete: JOB_POLICY.keepCompleted,
          removeOnFail: JOB_POLICY.keepFailed,
          keepLogs: JOB_POLICY.keepLogs,
        });
      } catch (error) {
        throw new AppError('upstream_unavailable', 'The job queue is not reachable', {
          retryable: true,
          cause: error,
        });
      }
    },
    async cancelAsset(assetId: string, options: { readonly belowRevision?: number } = {}) {
      const { belowRevision } = options;
      const matches = (data: unknown) =>
        assetIdOfJob(data) === assetId &&
        (belowRevision === undefined || (revisionOfJob(data) ?? 0) < belowRevision);
      try {
        // Waiting or delayed jobs are removed outright; an active one is locked by its worker, so every
        // worker is told to abort it, and the one holding it does. A chunked run's finish jobs wait for their
        // parts (`waiting-children`): removing one removes its waiting parts with it, so they go first.
        const states = ['waiting-children', 'waiting', 'delayed', 'prioritized'] as const;
        for (const state of states) {
          const jobs = await queue.getJobs([state]);
          await Promise.all(
            jobs.filter((job) => matches(job.data)).map((job) => job.remove().catch(() => 0)),
          );
        }
        await deps.connection.publish(cancelChannel(deps.prefix), cancelMessage(assetId, belowRevision));
      } catch (error) {
        throw new AppError('upstream_unavailable', 'The job queue is not reachable', {
          retryable: true,
          cause: error,
        });
      }
    },
    ping: () => pingRedis(deps.connection),
    close: () => queue.close(),
  };
}
