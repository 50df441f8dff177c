/**
 * What a run does with its encoded renditions once described (measured + validated): publish them.
 *
 * - A whole-source run (publishWhole): every object not uploaded while encoding, the description, images
 *   (thumbnail grid and storyboard from the lowest rung, posters), the final commit.
 * - A chunked run's two stages, from their finish jobs:
 *   - Preview: images, the lowest rung and audio, a presentation of them, and, on an asset's first
 *     packaging, the preview commit: playable.
 *   - Final: the ladder's rungs, a poster from the top rung, the merged presentation, the final commit.
 *   The preview's renditions are the final's (same objects, same facts, same media playlists): a player
 *   that started on the preview plays on.
 * Segment keys depend only on (asset, revision, rendition, segment).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Presentation } from '../../manifests/model.js';
import { AppError } from '../domain/errors.js';
import type { LadderPlan } from '../domain/ladder-plan.js';
import type { ImageIndex } from '../images/image-index.js';
import { publishGrid, publishPoster, readImageIndex, writeImageIndex } from '../images/publish-images.js';
import type { ImageRenderer } from '../images/ffmpeg-image-renderer.js';
import { measureRendition } from '../media/measure-rendition.js';
import type { Catalog, Logger, ObjectStore, TranscodedRendition } from '../ports.js';
import { previewArtifactKey, workPrefix } from '../chunking/scratch-storage.js';
import { describePresentation, type SegmentLayout } from './describe-presentation.js';
import { mergePresentations } from './merge-presentations.js';
import { publishRevision } from './publish-revision.js';
import { timeStage, type StageObserver } from './stage-observer.js';

export interface DescribedStage {
  readonly presentation: Presentation;
  readonly layout: SegmentLayout;
}

export interface StageOutputDeps {
  readonly store: ObjectStore;
  readonly catalog: Catalog;
  /** Absent: no images are made. */
  readonly images?: ImageRenderer | undefined;
  readonly observeStage?: StageObserver | undefined;
}

export interface StageTarget {
  readonly assetId: string;
  readonly revision: number;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Local scratch folder for image work. */
  readonly workDir: string;
  /**
   * Removes the job's local scratch folder. publishFinal runs it once every object is uploaded and before
   * the final commit, so an asset is never shown ready while a worker still holds scratch for it.
   */
  readonly releaseScratch?: (() => Promise<void>) | undefined;
}

/** The preview stage as the ladder stage reads it back: its presentation and the probe's verdict. */
export interface PreviewArtifact {
  readonly presentation: Presentation;
  readonly bitsPerPixel: number | null;
}

const MAX_ARTIFACT_BYTES = 16 * 1024 * 1024;

/** The preview stage of a revision as published, or null when it was not published (yet). */
export async function readPreviewArtifact(
  store: ObjectStore,
  assetId: string,
  revision: number,
): Promise<PreviewArtifact | null> {
  try {
    const body = await store.getBuffer(previewArtifactKey(assetId, revision), MAX_ARTIFACT_BYTES);
    return JSON.parse(body.toString()) as PreviewArtifact;
  } catch (error) {
    if (error instanceof AppError && error.code === 'object_not_found') return null;
    throw error;
  }
}

/** Measures and validates a stage's renditions against its plan; rule violations throw `transcode_failed`. */
export async function describeStage(
  renditions: readonly TranscodedRendition[],
  plan: LadderPlan,
): Promise<DescribedStage> {
  const measured = await Promise.all(renditions.map((rendition) => measureRendition(rendition)));
  const described = describePresentation(measured, plan);
  if (!described.ok) throw new AppError(described.code, described.message);
  return { presentation: described.presentation, layout: described.layout };
}

/**
 * Publishes the preview stage and, when `commit`, makes it playable. Returns false when the catalog refused
 * the preview commit (deleted or superseded meanwhile).
 */
export async function publishPreview(
  target: StageTarget,
  preview: DescribedStage,
  probeBitsPerPixel: number | null,
  commit: boolean,
  deps: StageOutputDeps,
): Promise<boolean> {
  const { assetId, revision, signal } = target;
  await timeStage(deps.observeStage, 'images', 'preview', () => renderPreviewImages(target, preview, deps));
  await timeStage(deps.observeStage, 'publish', 'preview', () =>
    publishRevision(
      { assetId, revision, presentation: preview.presentation, layout: preview.layout },
      deps.store,
      signal,
    ),
  );
  // What the ladder stage needs (its finish job, or a retry of this job once the preview is playable).
  const artifact: PreviewArtifact = { presentation: preview.presentation, bitsPerPixel: probeBitsPerPixel };
  const body = Buffer.from(JSON.stringify(artifact));
  await deps.store.put(previewArtifactKey(assetId, revision), body, {
    contentType: 'application/json',
    sizeBytes: body.length,
  });
  if (!commit) return true;
  return timeStage(deps.observeStage, 'commit', 'preview', () =>
    deps.catalog.commitPreview(assetId, revision, preview.presentation),
  );
}

/**
 * Publishes the ladder stage over the preview and commits the final revision; null when the catalog refused
 * (deleted or superseded: the caller cleans up). `ladder` null: the preview is the whole ladder.
 */
export async function publishFinal(
  target: StageTarget,
  preview: Presentation,
  ladder: DescribedStage | null,
  deps: StageOutputDeps,
): Promise<Presentation | null> {
  const { assetId, revision, signal } = target;
  let presentation = preview;
  if (ladder) {
    const merged = mergePresentations(preview, ladder.presentation);
    if (!merged.ok) throw new AppError(merged.code, merged.message);
    presentation = merged.presentation;
    await timeStage(deps.observeStage, 'images', 'ladder', () => renderTopPoster(target, ladder, deps));
  }
  // The final publish and commit belong to the ladder stage, as in a chunked run's ladder finish.
  await timeStage(deps.observeStage, 'publish', 'ladder', () =>
    publishRevision(
      {
        assetId,
        revision,
        presentation,
        layout: ladder?.layout ?? {},
        only: new Set(ladder ? ladder.presentation.video.map((rendition) => rendition.id) : []),
      },
      deps.store,
      signal,
    ),
  );
  // Nothing local is needed any more: a failed commit is retried by a new attempt with a folder of its own.
  await target.releaseScratch?.();
  const committed = await timeStage(deps.observeStage, 'commit', 'ladder', () =>
    deps.catalog.commitRevision(assetId, revision, presentation),
  );
  if (!committed) return null;
  await deps.store.deletePrefix(workPrefix(assetId, revision)).catch((error: unknown) => {
    target.logger.warn({ err: error }, 'removing the scratch objects of a committed revision failed');
  });
  return presentation;
}

/**
 * A whole-source run's end: every object not uploaded while encoding and the description, images from its
 * lowest and top rungs, then the final commit. Null when the catalog refused the commit.
 */
export async function publishWhole(
  target: StageTarget,
  described: DescribedStage,
  isStored: (key: string, file: string) => boolean,
  deps: StageOutputDeps,
): Promise<Presentation | null> {
  const { assetId, revision, signal } = target;
  const { presentation, layout } = described;
  // Segments first: players of the provisional presentation may be waiting for the last ones.
  await timeStage(deps.observeStage, 'publish', undefined, () =>
    publishRevision({ assetId, revision, presentation, layout, isStored }, deps.store, signal),
  );
  await timeStage(deps.observeStage, 'images', undefined, async () => {
    await renderPreviewImages(target, described, deps);
    await renderTopPoster(target, described, deps);
  });
  await target.releaseScratch?.();
  const committed = await timeStage(deps.observeStage, 'commit', undefined, () =>
    deps.catalog.commitRevision(assetId, revision, presentation),
  );
  return committed ? presentation : null;
}

async function renderPreviewImages(
  target: StageTarget,
  preview: DescribedStage,
  deps: StageOutputDeps,
): Promise<void> {
  const lowest = preview.presentation.video[preview.presentation.video.length - 1];
  const files = lowest ? preview.layout[lowest.id] : undefined;
  if (!deps.images || !lowest || !files) return;
  const dir = path.join(target.workDir, 'images-preview');
  try {
    await publishGrid(
      deps.store,
      deps.images,
      { assetId: target.assetId, revision: target.revision, durationMs: preview.presentation.durationMs },
      { rendition: lowest, files },
      dir,
      target.signal,
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function renderTopPoster(
  target: StageTarget,
  ladder: DescribedStage,
  deps: StageOutputDeps,
): Promise<void> {
  const top = ladder.presentation.video[0];
  const files = top ? ladder.layout[top.id] : undefined;
  if (!deps.images || !top || !files) return;
  const index = await readImageIndex(deps.store, target.assetId, target.revision);
  if (!index) return;
  const dir = path.join(target.workDir, 'images-final');
  try {
    const poster = await publishPoster(
      deps.store,
      deps.images,
      { assetId: target.assetId, revision: target.revision, durationMs: index.durationMs },
      { rendition: top, files },
      dir,
      target.signal,
    );
    const posters = [poster, ...index.posters.filter((other) => other.height !== poster.height)];
    await writeImageIndex(deps.store, target.assetId, target.revision, {
      ...index,
      posters,
    } satisfies ImageIndex);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
