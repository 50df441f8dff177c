/**
 * The StageScheduler on BullMQ flows. A chunked run is one flow: a `finish-run` parent with an `encode-part`
 * child per chunk and one for the audio:
 *
 *   finish-run <- audio, c0, c1, ..., cN
 *
 * Any worker takes any part (in that order: same priority, FIFO); BullMQ moves the parent to waiting once
 * every child completed, and the parent reads their results (getChildrenValues). A child that fails for good
 * fails its parent too (failParentOnFailure): the failed job has already marked the asset errored.
 *
 * Job ids are (asset, revision[, part]): adding a run again (a retried job) adds nothing.
 */
import { FlowProducer, type FlowJob } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppError } from '../domain/errors.js';
import type { ChunkedRun, StageScheduler } from '../pipeline/stage-jobs.js';
import {
  ENCODE_PART_JOB,
  encodePartJobId,
  FINISH_RUN_JOB,
  finishRunJobId,
  PACKAGING_QUEUE,
} from './contract.js';
import { JOB_POLICY } from './job-policy.js';

export interface BullmqStageScheduler extends StageScheduler {
  close(): Promise<void>;
}

export function createBullmqStageScheduler(deps: {
  /** A queue connection (maxRetriesPerRequest: null); not closed by close(). */
  readonly connection: Redis;
  readonly prefix: string;
}): BullmqStageScheduler {
  const flows = new FlowProducer({ connection: deps.connection, prefix: deps.prefix });
  const common = {
    attempts: JOB_POLICY.attempts,
    backoff: { type: 'exponential', delay: JOB_POLICY.backoffDelayMs },
    removeOnComplete: JOB_POLICY.keepCompleted,
    removeOnFail: JOB_POLICY.keepFailed,
    keepLogs: JOB_POLICY.keepLogs,
  };

  const runFlow = ({ parts, finish }: ChunkedRun): FlowJob => ({
    name: FINISH_RUN_JOB,
    queueName: PACKAGING_QUEUE,
    data: finish,
    opts: {
      ...common,
      jobId: finishRunJobId(finish.assetId, finish.revision),
      priority: JOB_POLICY.priority.finishRun,
    },
    children: parts.map((part) => ({
      name: ENCODE_PART_JOB,
      queueName: PACKAGING_QUEUE,
      data: part,
      opts: {
        ...common,
        jobId: encodePartJobId(part.assetId, part.revision, part.part),
        priority: JOB_POLICY.priority.encodePart,
        failParentOnFailure: true,
      },
    })),
  });

  return {
    async scheduleRun(run: ChunkedRun) {
      try {
        await flows.add(runFlow(run));
      } catch (error) {
        throw new AppError('upstream_unavailable', 'The job queue is not reachable', {
          retryable: true,
          cause: error,
        });
      }
    },
    close: () => flows.close(),
  };
}
