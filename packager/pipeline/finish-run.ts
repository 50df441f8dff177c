/**
 * The finish job of a chunked run, run by any worker once every part is done:
 * fetch what the parts stored (their init segments and tails; the segments already in place are not
 * downloaded, the parts measured them, part-storage.ts; their images, part-images.ts) -> check that every
 * chunk has the first chunk's init segments -> describe (measure and validate the whole presentation) ->
 * publish what the parts did not (init segments, each rendition's tail, the description), images
 * (storyboard sheets tiled from the parts' thumbnails) -> final commit.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { assertSameInit } from '../chunking/place-chunk.js';
import { AppError } from '../domain/errors.js';
import type { LadderPlan } from '../domain/ladder-plan.js';
import type { SegmentFacts } from '../media/measure-rendition.js';
import { readSegmentFile } from '../media/read-media-file.js';
import { encodeImagesSpec, finishEncodedImages } from '../images/rendered-images.js';
import type { TranscodedRendition } from '../ports.js';
import { isWanted, type StageJobContext } from './encode-part.js';
import { revisionGone, settleFailure } from './job-outcome.js';
import { fetchRunImages, partsTookImages } from './part-images.js';
import { fetchPart, workPrefix, type FetchedPart } from './part-storage.js';
import type { PackageAssetDeps, PackageOutcome } from './pipeline-context.js';
import { failureScope, jobWorkDir, stageTimer } from './pipeline-context.js';
import { AUDIO_PART } from './stage-flows.js';
import type { EncodedPart, FinishRunJob } from './stage-jobs.js';
import { settleBoth } from './run-pool.js';
import { describeStage, publishRun } from './stage-outputs.js';

export interface FinishJobContext extends StageJobContext {
  /** What the run's parts returned (their EncodedPart), as the queue kept it. */
  partResults(): Promise<readonly EncodedPart[]>;
}

export async function finishRun(
  job: FinishRunJob,
  deps: PackageAssetDeps,
  context: FinishJobContext,
): Promise<PackageOutcome> {
  const { assetId, revision } = job;
  const logger = context.logger.child({ assetId, revision, part: 'finish' });
  const workDir = jobWorkDir(deps, `${assetId}-r${revision}-finish`);
  const timed = stageTimer(deps);
  const releaseScratch = () => fs.rm(workDir, { recursive: true, force: true });
  const target = { assetId, revision, signal: context.signal, logger, workDir, releaseScratch };
  try {
    if (!(await isWanted(deps, assetId, revision))) return await revisionGone(deps, job, logger);
    await fs.mkdir(workDir, { recursive: true });
    const parts = new Map((await context.partResults()).map((result) => [result.part, result]));
    const chunks = job.chunks.flatMap((chunk) => parts.get(chunk.part) ?? []);
    // Images from the parts' thumbnails, or rendered from the packaged rungs, which are then all fetched.
    const images =
      deps.images && partsTookImages(chunks)
        ? encodeImagesSpec(job.sourceDurationMs, path.join(workDir, 'images'))
        : null;
    const fromRungs = deps.images !== undefined && images === null;
    if (fromRungs)
      logger.info({}, 'the parts took no images, or not all of them: rendering them from the rungs');
    const [{ renditions, published, known }] = await timed('fetch', () =>
      settleBoth(
        fetchRun(job, parts, deps, workDir, { measured: !fromRungs }, context.signal),
        images ? fetchRunImages(deps.store, chunks, images.dir, context.signal) : null,
      ),
    );
    // The storyboard is tiled while the presentation is described: neither reads what the other writes.
    const [described, encodedImages] = await settleBoth(
      timed('describe', () => describeStage(renditions, job.plan, known)),
      images && deps.images ? finishEncodedImages(images, job.plan.video, deps.images, context.signal) : null,
    );
    const isStored = (key: string, file: string) => published.get(key) === file;
    const presentation = await publishRun({ ...target, encodedImages }, described, isStored, deps);
    if (!presentation) return await revisionGone(deps, job, logger);
    await deps.store.deletePrefix(workPrefix(assetId, revision)).catch((error: unknown) => {
      logger.warn({ err: error }, 'removing the scratch objects of a committed revision failed');
    });
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

/** Every rendition of the run, its chunks' segments in order, and which of them are stored already. */
async function fetchRun(
  job: FinishRunJob,
  parts: ReadonlyMap<string, EncodedPart>,
  deps: PackageAssetDeps,
  workDir: string,
  options: { readonly measured: boolean },
  signal: AbortSignal,
): Promise<Omit<FetchedPart, 'renditions'> & { renditions: TranscodedRendition[] }> {
  const types = renditionTypes(job.plan);
  const published = new Map<string, string>();
  const known = new Map<string, SegmentFacts>();
  const fetch = async (part: string) => {
    const encoded = parts.get(part);
    if (!encoded) {
      throw new AppError('internal', `Part ${part} of the run left no result.`, {
        retryable: true,
        details: { part },
      });
    }
    const fetched = await fetchPart(
      deps.store,
      job,
      encoded,
      types,
      path.join(workDir, part),
      options,
      signal,
    );
    for (const [key, file] of fetched.published) published.set(key, file);
    for (const [file, facts] of fetched.known) known.set(file, facts);
    return fetched.renditions;
  };
  // Every part at once, each PARALLEL_TRANSFERS objects at a time.
  const [audio, ...chunks] = await Promise.all([
    job.plan.audio ? fetch(AUDIO_PART) : [],
    ...job.chunks.map((chunk) => fetch(chunk.part)),
  ]);
  const video: TranscodedRendition[] = [];
  for (const rung of job.plan.video) {
    const pieces = chunks.map((renditions, index) => {
      const piece = renditions.find((rendition) => rendition.id === rung.id);
      if (!piece) {
        throw new AppError('transcode_failed', `Chunk ${index} has no ${rung.id} rendition.`, {
          details: { chunk: index, rendition: rung.id },
        });
      }
      return piece;
    });
    const [first] = pieces;
    if (!first) throw new AppError('internal', 'The run has no chunks.');
    const firstInit = await readSegmentFile(first.initPath);
    for (const [index, piece] of pieces.entries()) {
      if (index > 0) assertSameInit(firstInit, await readSegmentFile(piece.initPath), index, rung.id);
    }
    video.push({ ...first, segmentPaths: pieces.flatMap((piece) => piece.segmentPaths) });
  }
  return { renditions: [...video, ...(audio ?? [])], published, known };
}

function renditionTypes(plan: LadderPlan): Record<string, 'video' | 'audio'> {
  const types: Record<string, 'video' | 'audio'> = {};
  for (const rung of plan.video) types[rung.id] = 'video';
  if (plan.audio) types[plan.audio.id] = 'audio';
  return types;
}
