/**
 * The packaging pipeline, one function per stage:
 *   fetch source -> probe -> plan (pure) -> transcode (one ffmpeg, one decode) -> measure + describe (pure)
 *   -> publish (segments first, description last) -> commit (one catalog statement).
 * It knows nothing of BullMQ or HTTP: the worker hands it a job, ports and a context.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Presentation } from '../../manifests/model.js';
import { planLadder } from '../domain/ladder.js';
import type { LadderPlan } from '../domain/ladder-plan.js';
import { AppError, isAppError, toAppError } from '../domain/errors.js';
import type { SourceMedia } from '../domain/media-source.js';
import { revisionPrefix } from '../domain/object-keys.js';
import type { Catalog, Logger, ObjectStore, PackageAssetJob, Prober, Transcoder } from '../ports.js';
import { describePresentation } from './describe-presentation.js';
import { measureRendition } from '../media/measure-rendition.js';
import { publishRevision } from './publish-revision.js';
import { createProgressReporter } from './progress-reporter.js';

export interface PackageAssetDeps {
  readonly store: ObjectStore;
  readonly catalog: Catalog;
  readonly prober: Prober;
  readonly transcoder: Transcoder;
  /** Parent of each job's scratch folder; the folder is removed whatever the outcome. */
  readonly tmpDir: string;
  readonly segmentDurationMs: number;
  readonly x264Preset: string;
  readonly ffmpegThreads: number;
}

export interface PackageAssetContext {
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** True when a retryable failure now will not be retried, so the asset must be marked errored. */
  readonly isFinalAttempt: boolean;
  /** Progress 0..100 for the queue (the catalog is updated by the pipeline itself). */
  readonly reportProgress?: (percent: number) => Promise<void>;
}

export type PackageOutcome =
  | { readonly status: 'ready'; readonly presentation: Presentation }
  | { readonly status: 'errored'; readonly error: AppError }
  | { readonly status: 'gone' };

/**
 * Packages one revision of an asset. Expected failures of the source (not a video, cannot be decoded) end
 * the asset `errored` and resolve; infrastructure failures reject with a retryable AppError so the queue
 * retries, and on the final attempt the asset is marked errored first.
 */
export async function packageAsset(
  job: PackageAssetJob,
  deps: PackageAssetDeps,
  context: PackageAssetContext,
): Promise<PackageOutcome> {
  const { assetId, revision } = job;
  const workDir = path.join(deps.tmpDir, `${assetId}-r${revision}-${randomBytes(4).toString('hex')}`);
  const logger = context.logger.child({ assetId, revision });
  try {
    if (!(await deps.catalog.markProcessing(assetId, revision))) return { status: 'gone' };
    await fs.mkdir(workDir, { recursive: true });

    const sourcePath = path.join(workDir, 'source');
    await deps.store.downloadToFile(job.sourceKey, sourcePath);
    context.signal.throwIfAborted();

    const source = await deps.prober.probe(sourcePath, { signal: context.signal, logger });
    const plan = planOrReject(source, deps);
    logger.info({ rungs: plan.video.map((rung) => rung.id), audio: plan.audio !== null }, 'ladder planned');

    const progress = createProgressReporter({
      onReport: async (percent) => {
        await deps.catalog.updateProgress(assetId, revision, percent);
        await context.reportProgress?.(percent);
      },
      logger,
    });
    const outputDir = path.join(workDir, 'out');
    await fs.mkdir(outputDir);
    const startedAtMs = Date.now();
    const renditions = await deps.transcoder.transcode(sourcePath, plan, outputDir, {
      signal: context.signal,
      logger,
      threads: deps.ffmpegThreads,
      sourceDurationMs: source.durationMs,
      onProgress: (percent) => progress.report(percent),
    });
    await progress.flush();
    logger.info({ transcodeMs: Date.now() - startedAtMs, sourceDurationMs: source.durationMs }, 'transcoded');

    const measured = await Promise.all(renditions.map((rendition) => measureRendition(rendition)));
    const described = describePresentation(measured, plan);
    if (!described.ok) throw new AppError(described.code, described.message);

    await publishRevision(
      { assetId, revision, presentation: described.presentation, layout: described.layout },
      deps.store,
      context.signal,
    );
    if (!(await deps.catalog.commitRevision(assetId, revision, described.presentation))) {
      // Deleted or superseded while we worked (this revision is not the live one, or commit would have
      // succeeded): nobody will ever read what we wrote, so remove it.
      await deps.store.deletePrefix(revisionPrefix(assetId, revision));
      return { status: 'gone' };
    }
    logger.info({ durationMs: described.presentation.durationMs }, 'revision committed');
    return { status: 'ready', presentation: described.presentation };
  } catch (thrown) {
    const error = context.signal.aborted ? cancellation(context.signal.reason) : toAppError(thrown);
    if (error.code === 'cancelled') {
      // Deleted asset, or the worker handing the job back at shutdown: either way this attempt's output goes.
      await deps.store.deletePrefix(revisionPrefix(assetId, revision)).catch(() => 0);
      throw error;
    }
    if (error.retryable && !context.isFinalAttempt) throw error;
    logger.warn({ code: error.code, err: error }, 'packaging failed');
    await deps.store.deletePrefix(revisionPrefix(assetId, revision)).catch(() => 0);
    await deps.catalog.markErrored(assetId, revision, { code: error.code, message: publicMessage(error) });
    return { status: 'errored', error };
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
}

/** Whatever the abort reason was, an aborted job is a cancellation, never a fault of the source. */
function cancellation(reason: unknown): AppError {
  return isAppError(reason)
    ? reason
    : new AppError('cancelled', 'Packaging was cancelled', { cause: reason });
}

function planOrReject(source: SourceMedia, deps: PackageAssetDeps): LadderPlan {
  const result = planLadder(source, {
    segmentDurationMs: deps.segmentDurationMs,
    x264Preset: deps.x264Preset,
  });
  if (!result.ok) throw new AppError(result.code, result.message);
  return result.plan;
}

/** Internal errors keep their detail in the log; the asset shows a message fit for a publisher. */
function publicMessage(error: AppError): string {
  if (error.code === 'internal')
    return 'Packaging failed because of an internal error; the operators have the details.';
  if (error.code === 'upstream_unavailable')
    return 'Packaging failed because storage or the queue was unavailable; retry later.';
  return error.message;
}
