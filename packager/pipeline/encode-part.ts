/**
 * One part of a chunked run: a window of the source (every video rung, one decode) or the whole source's
 * audio. Reads only its bytes of the source where it is stored (source-input.ts) and encodes; as ffmpeg
 * writes the segments they are moved to their place in the whole presentation and stored (part-streamer.ts;
 * at their final keys but for the tail, part-storage.ts), and on an asset's first packaging the run may turn
 * playable (chunked-provisional.ts) while its parts still encode. A chunk also takes its share of the run's
 * images (part-images.ts).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { createChunkPlacer } from '../chunking/place-chunk.js';
import { durationFrames, framesToMs } from '../domain/frame-rate.js';
import { commitProvisionalIfAhead } from './chunked-provisional.js';
import { settleFailure } from './job-outcome.js';
import { chunkImagesSpec, storePartImages } from './part-images.js';
import { partPlacement, partPrefix, storedMarkerKey, storePart } from './part-storage.js';
import { createPartStreamer } from './part-streamer.js';
import { settleBoth } from './run-pool.js';
import { openSourceInput } from './source-input.js';
import { encodeSignalFor } from './encode-signal.js';
import type { PackageAssetContext, PackageAssetDeps } from './pipeline-context.js';
import { failureScope, jobWorkDir, stageTimer } from './pipeline-context.js';
import { AUDIO_PART, partPlan } from './stage-flows.js';
import type { EncodedPart, EncodePartJob, RunChunk } from './stage-jobs.js';

export interface StageJobContext extends PackageAssetContext {
  /** Unique per attempt of the job: names this attempt's scratch folder. */
  readonly attemptId: string;
  /** Adds one to a counter shared by every worker and returns it (progress of a run's parts). */
  countCompleted(key: string): Promise<number>;
  /** Tells every worker to stop this asset's running jobs (the run failed for good). */
  stopAssetJobs(): Promise<void>;
}

/** The encoded part, or null when the revision is no longer wanted (deleted, superseded, failed). */
export async function encodePart(
  job: EncodePartJob,
  deps: PackageAssetDeps,
  context: StageJobContext,
): Promise<EncodedPart | null> {
  const { assetId, revision } = job;
  const logger = context.logger.child({ assetId, revision, part: job.part });
  const prefix = partPrefix(assetId, revision, job.part, context.attemptId);
  const workDir = jobWorkDir(deps, `${assetId}-r${revision}-${job.part}`);
  const timed = stageTimer(deps);
  const chunk = job.chunks.find((candidate) => candidate.part === job.part) ?? null;
  const placement = partPlacement(job, chunk, prefix);
  const placer = createChunkPlacer(chunk?.startFrame ?? 0, job.plan.frameRate);
  const encode = encodeSignalFor(context.signal);
  const plan = partPlan(job);
  // A chunked run's source has video: its frames are what every part pads and cuts to (TranscodeOptions).
  const totalFrames = durationFrames(job.sourceDurationMs, job.plan.frameRate);
  const commitIfAhead = async () => {
    const outcome = await commitProvisionalIfAhead(job, deps, logger);
    if (outcome === 'refused') logger.info({}, 'provisional commit refused: the revision is gone');
    return outcome;
  };
  const streamer = createPartStreamer(
    {
      placement,
      placer,
      renditionIds: [...plan.video.map((rung) => rung.id), ...(plan.audio ? [plan.audio.id] : [])],
      front:
        chunk && job.commitProvisional
          ? { part: job.part, attemptId: context.attemptId, commitIfAhead }
          : null,
      signal: encode.signal,
      logger,
      stop: encode.stop,
    },
    deps.store,
  );
  try {
    if (!(await isWanted(deps, assetId, revision))) {
      logger.info({}, 'part skipped: the revision is no longer being packaged');
      return null;
    }
    if (!chunk && job.part !== AUDIO_PART) throw new Error(`part ${job.part} is not in its run`);
    await fs.mkdir(workDir, { recursive: true });
    const outputDir = path.join(workDir, 'out');
    await fs.mkdir(outputDir);
    // A chunk takes its share of the run's images from its own pictures, as a whole-source encode does.
    const images =
      chunk && deps.images
        ? chunkImagesSpec(plan, chunk, job.sourceDurationMs, path.join(workDir, 'images'))
        : null;
    const source = await openSourceInput(deps.store, job.sourceKey, logger);
    const startedAt = performance.now();
    const [encoded] = await Promise.allSettled([
      timed('transcode', () =>
        deps.transcoder.transcode(source.url, plan, outputDir, {
          signal: encode.signal,
          logger,
          threads: deps.ffmpegThreads,
          // Parts yield to whole-source jobs on the same machine: those are short uploads.
          priority: 'background',
          onSegmentsWritten: streamer.written,
          frames: chunk ? (chunk.frameCount ?? totalFrames - chunk.startFrame) : totalFrames,
          ...(chunk ? { window: chunk.window } : {}),
          ...(images ? { images } : {}),
        }),
      ),
    ]);
    await source.close();
    // A failure of storing stopped the encode: it, not the encode's `cancelled`, is the cause.
    const storedEarly = await streamer.settle();
    if (encoded.status === 'rejected') throw encoded.reason;
    const renditions = encoded.value;
    const wallMs = performance.now() - startedAt;
    for (const rendition of renditions) await placer.place(rendition, rendition.segmentPaths.length);
    const [stored, storedImages] = await timed('store', () =>
      settleBoth(
        storePart(deps.store, placement, renditions, storedEarly, context.signal),
        images ? storePartImages(deps.store, prefix, images, context.signal) : undefined,
      ),
    );
    // Nothing more is written once the asset is deleted: the failure path below removes what was.
    context.signal.throwIfAborted();
    const marker = Buffer.from(context.attemptId);
    await deps.store.put(storedMarkerKey(assetId, revision, job.part), marker, {
      contentType: 'text/plain',
      sizeBytes: marker.length,
    });
    const encodedPart: EncodedPart = {
      part: job.part,
      prefix,
      firstSegment: placement.firstSegment,
      renditions: stored,
      ...(storedImages ? { images: storedImages } : {}),
    };
    const mediaMs = mediaDurationMs(job, chunk);
    if (mediaMs > 0) deps.observeEncodeSpeed?.(mediaMs / wallMs);
    await reportPartProgress(job, deps, context);
    logger.info({ renditions: stored, wallMs: Math.round(wallMs) }, 'part encoded');
    context.signal.throwIfAborted();
    await commitIfAhead();
    return encodedPart;
  } catch (thrown) {
    // Whatever happens, this attempt's own scratch folder goes (a retry writes a folder of its own).
    const error = await settleFailure(thrown, {
      ...failureScope(deps, { assetId, revision }, context, logger),
      removeOwnOutput: () => deps.store.deletePrefix(prefix),
      stopSiblings: () => context.stopAssetJobs(),
    });
    // The asset is now errored; failing the job fails the run's finish job too (the flow's parent).
    throw error;
  } finally {
    encode.release();
    await fs.rm(workDir, { recursive: true, force: true });
  }
}

/** Still the revision being packaged: the asset exists, is processing, and nothing newer was started. */
export async function isWanted(
  deps: Pick<PackageAssetDeps, 'catalog'>,
  assetId: string,
  revision: number,
): Promise<boolean> {
  const asset = await deps.catalog.getAsset(assetId);
  if (!asset || asset.status !== 'processing') return false;
  return (await deps.catalog.getLatestRevision(assetId)) === revision;
}

function mediaDurationMs(job: EncodePartJob, chunk: RunChunk | null): number {
  const { frameRate } = job.plan;
  if (!chunk) return job.sourceDurationMs;
  if (chunk.frameCount !== null && frameRate.num > 0) return framesToMs(chunk.frameCount, frameRate);
  return Math.max(0, job.sourceDurationMs - framesToMs(chunk.startFrame, frameRate));
}

async function reportPartProgress(
  job: EncodePartJob,
  deps: PackageAssetDeps,
  context: StageJobContext,
): Promise<void> {
  const partCount = job.chunks.length + (job.plan.audio ? 1 : 0);
  const done = Math.min(partCount, await context.countCompleted(`${job.assetId}.r${job.revision}.parts`));
  const percent = 1 + (98 * done) / Math.max(1, partCount);
  await deps.catalog.updateProgress(job.assetId, job.revision, percent).catch(() => false);
  await context.reportProgress?.(percent).catch(() => undefined);
}
