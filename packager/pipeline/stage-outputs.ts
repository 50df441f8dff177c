/**
 * What a run does with its encoded renditions once described (measured + validated): publish them, a
 * whole-source run's job and a chunked run's finish alike. Every object not stored while encoding, the
 * description, images (thumbnail grid and storyboard from the lowest rung, posters), then the final commit.
 * Segment keys depend only on (asset, revision, rendition, segment).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Presentation } from '../../manifests/model.js';
import { AppError } from '../domain/errors.js';
import type { LadderPlan } from '../domain/ladder-plan.js';
import type { ImageRenderer } from '../images/ffmpeg-image-renderer.js';
import { publishRenderedImages, renderImagesFromRungs } from '../images/publish-images.js';
import type { RenderedImages } from '../images/rendered-images.js';
import { measureRendition, type SegmentFacts } from '../media/measure-rendition.js';
import type { Catalog, Logger, ObjectStore, TranscodedRendition } from '../ports.js';
import { describePresentation, type SegmentLayout } from './describe-presentation.js';
import { publishRevision } from './publish-revision.js';
import { settleBoth } from './run-pool.js';
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
   * Images the encodes already took (a whole-source run, a chunked run's parts); absent or null: rendered
   * from the packaged rungs.
   */
  readonly encodedImages?: RenderedImages | null | undefined;
  /**
   * Removes the job's local scratch folder. publishRun runs it once every object is uploaded and before
   * the final commit, so an asset is never shown ready while a worker still holds scratch for it.
   */
  readonly releaseScratch?: (() => Promise<void>) | undefined;
}

/**
 * Measures and validates a stage's renditions against its plan; rule violations throw `transcode_failed`.
 * Segments whose facts are `known` are not read (measureRendition).
 */
export async function describeStage(
  renditions: readonly TranscodedRendition[],
  plan: LadderPlan,
  known?: ReadonlyMap<string, SegmentFacts>,
): Promise<DescribedStage> {
  const measured = await Promise.all(renditions.map((rendition) => measureRendition(rendition, known)));
  const described = describePresentation(measured, plan);
  if (!described.ok) throw new AppError(described.code, described.message);
  return { presentation: described.presentation, layout: described.layout };
}

/**
 * A run's end: every object not stored while encoding and the description, images from its lowest and top
 * rungs, then the final commit. Null when the catalog refused the commit.
 */
export async function publishRun(
  target: StageTarget,
  described: DescribedStage,
  isStored: (key: string, file: string) => boolean,
  deps: StageOutputDeps,
): Promise<Presentation | null> {
  const { assetId, revision, signal } = target;
  const { presentation, layout } = described;
  // The segments and the images at once: neither needs the other, and the commit waits for both.
  await settleBoth(
    timeStage(deps.observeStage, 'publish', undefined, () =>
      publishRevision({ assetId, revision, presentation, layout, isStored }, deps.store, signal),
    ),
    timeStage(deps.observeStage, 'images', undefined, () => renderImages(target, described, isStored, deps)),
  );
  await target.releaseScratch?.();
  const committed = await timeStage(deps.observeStage, 'commit', undefined, () =>
    deps.catalog.commitRevision(assetId, revision, presentation),
  );
  return committed ? presentation : null;
}

async function renderImages(
  target: StageTarget,
  described: DescribedStage,
  isStored: (key: string, file: string) => boolean,
  deps: StageOutputDeps,
): Promise<void> {
  const { video, durationMs } = described.presentation;
  const rungs = video.flatMap((rendition) => {
    const files = described.layout[rendition.id];
    return files ? [{ rendition, files }] : [];
  });
  if (!deps.images || rungs.length === 0) return;
  const dir = path.join(target.workDir, 'images');
  const imageTarget = { assetId: target.assetId, revision: target.revision, durationMs };
  try {
    const rendered =
      target.encodedImages ??
      (await renderImagesFromRungs(deps.images, durationMs, rungs, dir, target.signal));
    if (rendered) await publishRenderedImages(deps.store, imageTarget, rendered, target.signal, isStored);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
