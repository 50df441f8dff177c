/**
 * The packaging job handler: runs the pipeline for one job and records the outcome in metrics. A source
 * that cannot be packaged has already been recorded on the asset by the pipeline; rethrowing its error lets
 * the queue show the job as failed (once, since it is not retryable).
 */
import { performance } from 'node:perf_hooks';
import { packageAsset, type PackageAssetDeps } from '../packager/pipeline/package-asset.js';
import type { PackagingJobHandler } from '../packager/queue/bullmq-packaging-consumer.js';
import { toAppError } from '../packager/domain/errors.js';
import type { WorkerMetrics } from './worker-metrics.js';

export function createPackageAssetHandler(
  deps: PackageAssetDeps,
  metrics: WorkerMetrics,
): PackagingJobHandler {
  return async (job, context) => {
    const startedAt = performance.now();
    const seconds = () => (performance.now() - startedAt) / 1000;
    try {
      const outcome = await packageAsset(job, deps, context);
      metrics.jobs.inc({
        outcome: outcome.status,
        code: outcome.status === 'errored' ? outcome.error.code : '',
      });
      metrics.jobDuration.observe({ outcome: outcome.status }, seconds());
      if (outcome.status === 'ready')
        metrics.encodeSpeed.observe(outcome.presentation.durationMs / 1000 / seconds());
      if (outcome.status === 'errored') throw outcome.error;
    } catch (error) {
      const appError = toAppError(error);
      if (appError.retryable) {
        metrics.jobs.inc({ outcome: 'retry', code: appError.code });
        metrics.jobDuration.observe({ outcome: 'retry' }, seconds());
      }
      throw appError;
    }
  };
}
