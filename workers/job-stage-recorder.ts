/**
 * Adapts the pipeline's stage hook to one job attempt: each finished step becomes a line in the job's
 * BullMQ log (through the consumer's `recordStage`), which the admin dashboard reads back as the job's stage
 * timeline. The hook is synchronous and the pipeline must not wait on Redis between its steps, so writes are
 * queued in order and `flush()` awaits them before the job settles: a finished job's timeline is complete.
 * A write that fails costs one line of the timeline, never the job; it is logged.
 */
import type { StageObserver } from '../packager/pipeline/stage-observer.js';
import type { Logger } from '../packager/ports.js';
import type { FinishedStage } from '../packager/queue/bullmq-packaging-consumer.js';

export interface JobStageRecorder {
  readonly observe: StageObserver;
  /** Resolves once every step observed so far is written (or its failure logged); never rejects. */
  flush(): Promise<void>;
}

export function createJobStageRecorder(
  record: (stage: FinishedStage) => Promise<void>,
  logger: Logger,
  nowMs: () => number = Date.now,
): JobStageRecorder {
  let written: Promise<void> = Promise.resolve();
  return {
    observe: (stage, seconds, report) => {
      const durationMs = Math.round(seconds * 1000);
      // The hook reports at the end of a step; its start is recovered from the wall clock.
      const entry: FinishedStage = {
        stage,
        phase: report.phase ?? null,
        startedAtMs: nowMs() - durationMs,
        durationMs,
        outcome: report.outcome,
      };
      written = written
        .then(() => record(entry))
        .catch((error: unknown) => logger.warn({ err: error, stage }, 'recording a stage on the job failed'));
    },
    flush: () => written,
  };
}
