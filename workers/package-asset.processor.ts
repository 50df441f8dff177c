/**
 * The packaging job handlers: run the pipeline for each job kind and record the outcome in metrics, and each
 * step's wall time both in metrics and on the job itself (its stage timeline, see job-stage-recorder.ts). A
 * source that cannot be packaged has already been recorded on the asset by the pipeline; rethrowing its
 * error lets the queue show the job as failed (once, since it is not retryable).
 */
import { performance } from 'node:perf_hooks';
import { encodePart } from '../packager/pipeline/encode-part.js';
import { finishRun } from '../packager/pipeline/finish-run.js';
import { packageAsset } from '../packager/pipeline/package-asset.js';
import type { PackageAssetDeps } from '../packager/pipeline/pipeline-context.js';
import type { PackagingHandlers, PackagingJobContext } from '../packager/queue/bullmq-packaging-consumer.js';
import { toAppError } from '../packager/domain/errors.js';
import { createJobStageRecorder } from './job-stage-recorder.js';
import type { WorkerMetrics } from './worker-metrics.js';

export function createPackagingHandlers(
  deps: PackageAssetDeps,
  metrics: WorkerMetrics,
  afterJob: () => Promise<void> = async () => undefined,
): PackagingHandlers {
  const observed: PackageAssetDeps = {
    ...deps,
    observeEncodeSpeed: (ratio) => metrics.encodeSpeed.observe(ratio),
  };
  const withMetrics =
    <T, R>(
      run: (
        payload: T,
        context: PackagingJobContext,
        jobDeps: PackageAssetDeps,
      ) => Promise<{ outcome: string; code?: string; value: R }>,
    ) =>
    async (payload: T, context: PackagingJobContext): Promise<R> => {
      const job = context.jobName;
      metrics.jobWait.observe({ job }, context.waitedMs / 1000);
      const startedAt = performance.now();
      const seconds = () => (performance.now() - startedAt) / 1000;
      const stages = createJobStageRecorder((stage) => context.recordStage(stage), context.logger);
      const jobDeps: PackageAssetDeps = {
        ...observed,
        observeStage: (stage, stageSeconds, report) => {
          // The metric keeps its `stage` label alone (a small fixed set); the phase goes to the job only.
          metrics.stageDuration.observe({ stage }, stageSeconds);
          stages.observe(stage, stageSeconds, report);
        },
      };
      try {
        const { outcome, code, value } = await run(payload, context, jobDeps);
        metrics.jobs.inc({ outcome, code: code ?? '', job });
        metrics.jobDuration.observe({ outcome, job }, seconds());
        return value;
      } catch (error) {
        const appError = toAppError(error);
        const outcome = appError.retryable ? 'retry' : 'errored';
        metrics.jobs.inc({ outcome, code: appError.code, job });
        metrics.jobDuration.observe({ outcome, job }, seconds());
        throw appError;
      } finally {
        await stages.flush();
        await afterJob();
      }
    };

  return {
    packageAsset: withMetrics(async (job, context, jobDeps) => {
      const outcome = await packageAsset(job, jobDeps, context);
      if (outcome.status === 'errored') throw outcome.error;
      return { outcome: outcome.status, value: undefined };
    }),
    encodePart: withMetrics(async (job, context, jobDeps) => {
      const encoded = await encodePart(job, jobDeps, context);
      return { outcome: encoded ? 'encoded' : 'gone', value: encoded };
    }),
    finishRun: withMetrics(async (job, context, jobDeps) => {
      const outcome = await finishRun(job, jobDeps, context);
      if (outcome.status === 'errored') throw outcome.error;
      return { outcome: outcome.status, value: undefined };
    }),
  };
}
