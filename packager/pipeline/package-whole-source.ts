/**
 * A source short enough for one job: one encode of the whole per-title ladder (one decode), published as it
 * is written.
 *
 *   ffmpeg writes every rung and the audio --(segment by segment)--> progressive-publish.ts uploads them, and
 *   once they are far enough ahead of a player starting now, commits the provisional presentation: playable
 *   -> describe (measured) -> images -> publish the rest -> final commit: ready
 *
 * The source is decoded once, and the asset turns playable after the first segment when the machine encodes
 * faster than real time, later in the encode when it is slower (playable-lead.ts). The price: the ladder is
 * planned before the encode (the caller samples the complexity probe first), and images come with `ready`
 * (taken from the encode's own pictures as it runs, so they add no decode after it).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Presentation } from '../../manifests/model.js';
import type { LadderPlan } from '../domain/ladder-plan.js';
import { durationFrames } from '../domain/frame-rate.js';
import type { SourceMedia } from '../domain/media-source.js';
import { revisionObjectKey, revisionPrefix } from '../domain/object-keys.js';
import { encodeImagesSpec, finishEncodedImages } from '../images/rendered-images.js';
import type { ObjectStore, PackageAssetJob } from '../ports.js';
import { revisionGone } from './job-outcome.js';
import type { PackageAssetContext, PackageAssetDeps, PackageOutcome } from './pipeline-context.js';
import { stageTimer } from './pipeline-context.js';
import { encodeSignalFor } from './encode-signal.js';
import { createProgressivePublisher } from './progressive-publish.js';
import { createProgressReporter } from './progress-reporter.js';
import { settleBoth } from './run-pool.js';
import { describeStage, publishRun } from './stage-outputs.js';
import { withStoredSizes } from './stored-sizes.js';

export interface WholeSourceInput {
  readonly job: PackageAssetJob;
  readonly source: SourceMedia;
  readonly sourcePath: string;
  /** The whole per-title ladder, audio included. */
  readonly plan: LadderPlan;
  /** Commit a provisional presentation once the stored segments are far enough ahead (a first packaging). */
  readonly commitProvisional: boolean;
  /** A retry after an earlier attempt's provisional commit: what that attempt stored is kept (stored-sizes.ts). */
  readonly keepStored: boolean;
  /** The job's scratch folder (the caller creates it and removes it again whatever the outcome). */
  readonly workDir: string;
}

export async function packageWholeSource(
  input: WholeSourceInput,
  deps: PackageAssetDeps,
  context: PackageAssetContext,
): Promise<PackageOutcome> {
  const { job, source, sourcePath, plan, workDir } = input;
  const { assetId, revision } = job;
  const { logger } = context;
  const timed = stageTimer(deps);
  const encode = encodeSignalFor(context.signal);
  const progress = createProgressReporter({
    onReport: async (percent) => {
      await deps.catalog.updateProgress(assetId, revision, percent);
      await context.reportProgress?.(percent);
    },
    logger,
  });
  const kept = input.keepStored
    ? await storedSizes(deps.store, revisionPrefix(assetId, revision))
    : new Map<string, number>();
  if (kept.size > 0) logger.info({ objects: kept.size }, 'keeping the objects an earlier attempt stored');
  // Images come from the encode's own pictures (no decode of the rungs after it), when images are made.
  const images =
    deps.images && plan.video.length > 0
      ? encodeImagesSpec(source.durationMs, path.join(workDir, 'images'))
      : undefined;
  const publisher = createProgressivePublisher(
    {
      assetId,
      revision,
      plan,
      kept,
      imagesDir: images?.dir,
      durationMs: source.durationMs,
      commit: input.commitProvisional,
      signal: encode.signal,
      logger,
      stop: encode.stop,
    },
    deps,
  );
  try {
    const outputDir = path.join(workDir, 'encode');
    await fs.mkdir(outputDir, { recursive: true });
    const startedAt = performance.now();
    const [encoded] = await Promise.allSettled([
      timed('transcode', () =>
        deps.transcoder.transcode(sourcePath, plan, outputDir, {
          signal: encode.signal,
          logger,
          threads: deps.ffmpegThreads,
          sourceDurationMs: source.durationMs,
          // Video and audio end together, however long each stream of the source is.
          ...(plan.video.length > 0 ? { frames: durationFrames(source.durationMs, plan.frameRate) } : {}),
          onProgress: (percent) => progress.report((99 * percent) / 100),
          ...(deps.progressive === false
            ? {}
            : { onSegmentsWritten: publisher.written, onEncodedTo: publisher.encodedTo }),
          ...(images ? { images } : {}),
        }),
      ),
    ]);
    // A failure of progressive publish stopped the encode: it, not the encode's `cancelled`, is the cause.
    const early = await publisher.settle();
    if (early.refused) return await revisionGone(deps, job, logger);
    if (encoded.status === 'rejected') throw encoded.reason;
    deps.observeEncodeSpeed?.(source.durationMs / (performance.now() - startedAt));
    await progress.flush();

    // The storyboard is tiled while the segments are measured: neither reads what the other writes.
    const [measured, encodedImages] = await settleBoth(
      timed('describe', () => describeStage(encoded.value, plan)),
      images && deps.images ? finishEncodedImages(images, plan.video, deps.images, context.signal) : null,
    );
    const described =
      kept.size === 0
        ? measured
        : {
            ...measured,
            presentation: withStoredSizes(measured.presentation, (uri) =>
              kept.get(revisionObjectKey(assetId, revision, uri)),
            ),
          };
    if (early.committed) warnOnDeclarationMismatch(early.committed, described.presentation, logger);
    const releaseScratch = () => fs.rm(workDir, { recursive: true, force: true });
    const target = {
      assetId,
      revision,
      signal: context.signal,
      logger,
      workDir,
      releaseScratch,
      encodedImages,
    };
    const isStored = (key: string, file: string) => kept.has(key) || early.uploaded.get(key) === file;
    const presentation = await publishRun(target, described, isStored, deps);
    if (!presentation) return await revisionGone(deps, job, logger);
    logger.info({ durationMs: presentation.durationMs }, 'revision committed');
    return { status: 'ready', presentation };
  } finally {
    encode.release();
  }
}

async function storedSizes(store: ObjectStore, prefix: string): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for await (const object of store.list(prefix)) sizes.set(object.key, object.sizeBytes);
  return sizes;
}

/**
 * Players that started on the provisional presentation keep its timelines. Every segment but the last is
 * exact by construction; a different segment count means the estimate of the last one was wrong, which is
 * worth a warning (such a player may ask for a segment that never comes, or stop one early).
 */
function warnOnDeclarationMismatch(
  declared: Presentation,
  measured: Presentation,
  logger: PackageAssetContext['logger'],
): void {
  const counts = (presentation: Presentation) =>
    [...presentation.video, ...presentation.audio].map((rendition) => rendition.segments.length).join();
  if (counts(declared) === counts(measured)) return;
  logger.warn(
    { declared: counts(declared), measured: counts(measured) },
    'the provisional presentation declared another number of segments than were encoded',
  );
}
