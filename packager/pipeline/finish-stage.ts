/**
 * The finish job of a chunked run's stage, run by any worker once every part is done:
 * download the parts from scratch storage -> check and stitch the chunks (one init segment per rendition,
 * decode times moved to the chunk's place) -> describe -> publish. The preview stage is then playable (the
 * ladder's parts are encoding meanwhile); the ladder stage, whose finish waits for the preview's, merges
 * with the preview and commits the revision.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { downloadPart } from '../chunking/scratch-storage.js';
import { stitchChunks } from '../chunking/stitch-chunks.js';
import { AppError } from '../domain/errors.js';
import type { LadderPlan } from '../domain/ladder-plan.js';
import type { TranscodedRendition } from '../ports.js';
import { isWanted, type StageJobContext } from './encode-part.js';
import { revisionGone, settleFailure } from './job-outcome.js';
import type { PackageAssetDeps, PackageOutcome } from './pipeline-context.js';
import { failureScope, jobWorkDir, stageTimer } from './pipeline-context.js';
import { AUDIO_PART } from './stage-flows.js';
import type { EncodedPart, FinishStageJob } from './stage-jobs.js';
import { describeStage, publishFinal, publishPreview, readPreviewArtifact } from './stage-outputs.js';

export interface FinishJobContext extends StageJobContext {
  /** What the stage's parts returned (their EncodedPart), as the queue kept it. */
  partResults(): Promise<readonly EncodedPart[]>;
}

export async function finishStage(
  job: FinishStageJob,
  deps: PackageAssetDeps,
  context: FinishJobContext,
): Promise<PackageOutcome> {
  const { assetId, revision } = job;
  const logger = context.logger.child({ assetId, revision, stage: job.stage });
  const workDir = jobWorkDir(deps, `${assetId}-r${revision}-${job.stage}-finish`);
  const timed = stageTimer(deps);
  const releaseScratch = () => fs.rm(workDir, { recursive: true, force: true });
  const target = { assetId, revision, signal: context.signal, logger, workDir, releaseScratch };
  try {
    if (!(await isWanted(deps, assetId, revision))) return await revisionGone(deps, job, logger);
    await fs.mkdir(workDir, { recursive: true });
    const parts = byPart(await context.partResults());
    const renditions = await timed('stitch', () => stitchStage(job, parts, deps, workDir, context.signal));
    const described = await timed('describe', () => describeStage(renditions, job.plan));

    if (job.stage === 'preview') {
      if (job.commitsRevision) {
        // The preview is the whole ladder (small sources): published and committed as the final revision.
        await publishPreview(target, described, job.bitsPerPixel, false, deps);
        const presentation = await publishFinal(target, described.presentation, null, deps);
        return presentation ? { status: 'ready', presentation } : await revisionGone(deps, job, logger);
      }
      if (!(await publishPreview(target, described, job.bitsPerPixel, job.commitPreview, deps))) {
        return await revisionGone(deps, job, logger);
      }
      if (job.commitPreview) logger.info({}, 'preview committed: the asset is playable');
      return { status: 'published' };
    }

    const preview = await readPreviewArtifact(deps.store, assetId, revision);
    if (!preview)
      throw new AppError('internal', 'The preview stage left no description.', { retryable: true });
    const presentation = await publishFinal(target, preview.presentation, described, deps);
    if (!presentation) return await revisionGone(deps, job, logger);
    logger.info({ durationMs: presentation.durationMs }, 'revision committed');
    return { status: 'ready', presentation };
  } catch (thrown) {
    const error = await settleFailure(thrown, {
      ...failureScope(deps, { assetId, revision }, context, logger),
      stopSiblings: () => context.stopAssetJobs(),
    });
    return { status: 'errored', error };
  } finally {
    await releaseScratch();
  }
}

/** Every part the stage planned, checked against what the queue says completed. */
function byPart(results: readonly EncodedPart[]): Map<string, EncodedPart> {
  const parts = new Map<string, EncodedPart>();
  for (const result of results) parts.set(result.part, result);
  return parts;
}

async function stitchStage(
  job: FinishStageJob,
  parts: Map<string, EncodedPart>,
  deps: PackageAssetDeps,
  workDir: string,
  signal: AbortSignal,
): Promise<TranscodedRendition[]> {
  const types = renditionTypes(job.plan);
  const download = async (part: string) => {
    const encoded = parts.get(part);
    if (!encoded) {
      throw new AppError('internal', `Part ${part} of the ${job.stage} stage left no result.`, {
        retryable: true,
        details: { part },
      });
    }
    return downloadPart(
      deps.store,
      encoded.prefix,
      encoded.renditions,
      types,
      path.join(workDir, 'parts', part),
      signal,
    );
  };
  const chunks = [];
  for (const chunk of job.chunks)
    chunks.push({ startFrame: chunk.startFrame, renditions: await download(chunk.part) });
  const video =
    job.plan.video.length > 0
      ? await stitchChunks(chunks, job.plan.frameRate, path.join(workDir, 'stitched'))
      : [];
  const audio = job.stage === 'preview' && job.plan.audio ? await download(AUDIO_PART) : [];
  return [...video, ...audio];
}

function renditionTypes(plan: LadderPlan): Record<string, 'video' | 'audio'> {
  const types: Record<string, 'video' | 'audio'> = {};
  for (const rung of plan.video) types[rung.id] = 'video';
  if (plan.audio) types[plan.audio.id] = 'audio';
  return types;
}
