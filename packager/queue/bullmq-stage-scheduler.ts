/**
 * The StageScheduler on BullMQ flows. Each stage of a chunked run is a `finish-stage` parent with an
 * `encode-part` child per chunk (and one for the audio); the preview stage's finish is one more child of
 * the ladder stage's finish, so a run is one flow of two levels:
 *
 *   finish ladder <- ladder parts c0..cN, finish preview <- audio, preview parts c0..cN
 *
 * Any worker takes any part (preview parts first, by priority); BullMQ moves a parent to waiting once every
 * child completed, and the parent reads their results (getChildrenValues). A child that fails for good fails
 * its parent too (failParentOnFailure), up to the top: the failed job has already marked the asset errored.
 *
 * Job ids are (asset, revision, stage[, part]): adding a run again (a retried job) adds nothing.
 */
import { FlowProducer, type FlowJob } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppError } from '../domain/errors.js';
import type { ChunkedRun, StageRequest, StageScheduler } from '../pipeline/stage-jobs.js';
import {
  ENCODE_PART_JOB,
  encodePartJobId,
  FINISH_STAGE_JOB,
  finishStageJobId,
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

  const stageFlow = (request: StageRequest, children: readonly FlowJob[] = []): FlowJob => {
    const { finish } = request;
    const partPriority =
      finish.stage === 'preview' ? JOB_POLICY.priority.previewPart : JOB_POLICY.priority.ladderPart;
    return {
      name: FINISH_STAGE_JOB,
      queueName: PACKAGING_QUEUE,
      data: finish,
      opts: {
        ...common,
        jobId: finishStageJobId(finish.assetId, finish.revision, finish.stage),
        priority: JOB_POLICY.priority.finishStage,
        failParentOnFailure: true,
      },
      children: [
        ...request.parts.map((part) => ({
          name: ENCODE_PART_JOB,
          queueName: PACKAGING_QUEUE,
          data: part,
          opts: {
            ...common,
            jobId: encodePartJobId(part.assetId, part.revision, part.stage, part.part),
            priority: partPriority,
            failParentOnFailure: true,
          },
        })),
        ...children,
      ],
    };
  };

  return {
    async scheduleRun(run: ChunkedRun) {
      const preview = stageFlow(run.preview);
      const flow = run.ladder ? stageFlow(run.ladder, [preview]) : preview;
      try {
        await flows.add(flow);
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
