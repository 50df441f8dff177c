/**
 * A source short enough for one job: both stages here, on the downloaded file.
 *
 *   preview encode (lowest rung + audio + probe, one decode) -> describe -> plan the ladder from the probe
 *   -> ladder encode (every other rung, one decode) runs WHILE the preview's images, publish and commit run
 *   -> describe -> merge -> publish -> final commit
 *
 * A failed preview stops the ladder at once (a ladder is merged with its preview). A failed ladder lets the
 * preview's publish and commit finish: the preview is complete and correct, players get it, and a retry
 * resumes it instead of starting over. Only the job's own signal (deleted, superseded, shutdown) stops both.
 *
 * The asset is playable as soon as the preview is committed, long before the ladder is encoded. The price
 * is a second decode of the source (about a tenth of the ladder's CPU for a 1080p source).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../domain/errors.js';
import type { SourceMedia } from '../domain/media-source.js';
import type { PackageAssetJob, TranscodedRendition } from '../ports.js';
import type { PackageAssetContext, PackageAssetDeps, PackageOutcome } from './pipeline-context.js';
import { stageOptions, stageTimer } from './pipeline-context.js';
import { probeBitsPerPixel, probeSpecFor } from './complexity-probe.js';
import { createProgressReporter } from './progress-reporter.js';
import {
  describeStage,
  publishFinal,
  publishPreview,
  type DescribedStage,
  type PreviewArtifact,
} from './stage-outputs.js';
import type { StageName } from './stage-jobs.js';
import { ladderPlanFacts, planLadderStage, type PreviewStagePlan } from './stage-plans.js';
import { revisionGone } from './job-outcome.js';

/** Share of progress the preview stage stands for; the ladder takes the rest up to 99. */
export const PREVIEW_PROGRESS_SHARE = 25;

export interface WholeSourceInput {
  readonly job: PackageAssetJob;
  readonly source: SourceMedia;
  readonly sourcePath: string;
  readonly preview: PreviewStagePlan;
  readonly commitPreview: boolean;
  /** The job's scratch folder (the caller creates it and removes it again whatever the outcome). */
  readonly workDir: string;
  /** The preview an earlier attempt committed (players see it): only the ladder is left to do. */
  readonly resume: PreviewArtifact | null;
}

export async function packageWholeSource(
  input: WholeSourceInput,
  deps: PackageAssetDeps,
  context: PackageAssetContext,
): Promise<PackageOutcome> {
  const { job, source, sourcePath, preview, workDir } = input;
  const { assetId, revision } = job;
  const { logger } = context;
  // Both stages run in this one job: each step is reported as the preview's or the ladder's.
  const timed = { preview: stageTimer(deps, 'preview'), ladder: stageTimer(deps, 'ladder') };
  // The ladder's signal: the job's own, or a failure of the preview.
  const ladderSignal = new AbortController();
  const stopOnAbort = () => ladderSignal.abort(context.signal.reason);
  context.signal.addEventListener('abort', stopOnAbort, { once: true });
  const progress = createProgressReporter({
    onReport: async (percent) => {
      await deps.catalog.updateProgress(assetId, revision, percent);
      await context.reportProgress?.(percent);
    },
    logger,
  });
  const encode = async (
    plan: PreviewStagePlan['plan'],
    stage: StageName,
    from: number,
    to: number,
    probePath?: string,
  ): Promise<TranscodedRendition[]> => {
    const outputDir = path.join(workDir, stage);
    await fs.mkdir(outputDir, { recursive: true });
    const startedAt = performance.now();
    const renditions = await timed[stage]('transcode', () =>
      deps.transcoder.transcode(sourcePath, plan, outputDir, {
        signal: ladderSignal.signal,
        logger,
        threads: deps.ffmpegThreads,
        // The ladder runs while the preview's images and publish do: it yields the CPU to them, so the
        // asset turns playable sooner and the ladder loses only what they use.
        priority: stage === 'ladder' ? 'background' : 'normal',
        sourceDurationMs: source.durationMs,
        onProgress: (percent) => progress.report(from + ((to - from) * percent) / 100),
        ...(probePath && preview.probeSize
          ? { complexityProbe: probeSpecFor(preview.probeSize, source.durationMs, plan.frameRate, probePath) }
          : {}),
      }),
    );
    deps.observeEncodeSpeed?.(source.durationMs / (performance.now() - startedAt));
    return [...renditions];
  };
  const releaseScratch = () => fs.rm(workDir, { recursive: true, force: true });
  const target = { assetId, revision, signal: ladderSignal.signal, logger, workDir, releaseScratch };
  // The preview's publish and commit answer to the job's signal only, never to a failure of the ladder.
  const previewTarget = { ...target, signal: context.signal };

  try {
    if (input.resume) {
      // A retry after the preview was committed: players already read its objects, so it is kept exactly
      // as published (never re-encoded, which on another machine could give other bytes) and only the
      // ladder is encoded.
      logger.info({}, 'resuming after the committed preview');
      const ladder = planLadderStage(source, stageOptions(deps), preview.plan, input.resume.bitsPerPixel);
      const renditions = await encode(ladder.plan, 'ladder', PREVIEW_PROGRESS_SHARE, 99);
      const ladderStage =
        ladder.plan.video.length > 0
          ? await timed.ladder('describe', () => describeStage(renditions, ladder.plan))
          : null;
      const presentation = await publishFinal(target, input.resume.presentation, ladderStage, deps);
      return presentation ? { status: 'ready', presentation } : await revisionGone(deps, job, logger);
    }
    const probePath = path.join(workDir, 'probe.h264');
    const previewRenditions = await encode(preview.plan, 'preview', 0, PREVIEW_PROGRESS_SHARE, probePath);
    const described = await timed.preview('describe', () => describeStage(previewRenditions, preview.plan));
    const bitsPerPixel = preview.probeSize
      ? await probeBitsPerPixel(probePath, described.presentation, preview.probeSize, source.durationMs)
      : null;
    const ladder = planLadderStage(source, stageOptions(deps), preview.plan, bitsPerPixel);
    logger.info(ladderPlanFacts(ladder, bitsPerPixel), 'ladder planned from the probe');

    const hasLadder = ladder.plan.video.length > 0;
    // While the ladder encodes, the preview is published (and committed: playable). A failed or refused
    // preview stops the ladder; a failed ladder does not stop the preview (see the top of this file).
    const stopLadder = (reason: unknown) => {
      if (!ladderSignal.signal.aborted) ladderSignal.abort(reason);
    };
    const ladderEncode = hasLadder
      ? encode(ladder.plan, 'ladder', PREVIEW_PROGRESS_SHARE, 99)
      : Promise.resolve<TranscodedRendition[]>([]);
    const commit = hasLadder && input.commitPreview;
    const previewPublish = publishPreview(previewTarget, described, bitsPerPixel, commit, deps).then(
      (committed) => {
        if (!committed) stopLadder(new AppError('cancelled', 'The revision was deleted or superseded.'));
        else if (commit) logger.info({}, 'preview committed: the asset is playable');
        return committed;
      },
      (error: unknown) => {
        stopLadder(error);
        throw error;
      },
    );
    const [previewResult, ladderResult] = await Promise.allSettled([previewPublish, ladderEncode]);
    if (previewResult.status === 'rejected') throw previewResult.reason;
    if (!previewResult.value) return await revisionGone(deps, job, logger);
    if (ladderResult.status === 'rejected') throw ladderResult.reason;
    await progress.flush();

    const renditions = ladderResult.value;
    const ladderStage: DescribedStage | null = hasLadder
      ? await timed.ladder('describe', () => describeStage(renditions, ladder.plan))
      : null;
    const presentation = await publishFinal(target, described.presentation, ladderStage, deps);
    if (!presentation) return await revisionGone(deps, job, logger);
    logger.info({ durationMs: presentation.durationMs }, 'revision committed');
    return { status: 'ready', presentation };
  } finally {
    context.signal.removeEventListener('abort', stopOnAbort);
    ladderSignal.abort();
  }
}
