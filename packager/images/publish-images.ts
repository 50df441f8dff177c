/**
 * A revision's images stored next to its segments, with the index that says what exists: rendered by the
 * encode itself (a whole-source run) or here from its packaged renditions (a chunked run's finish). Images
 * are written before the commit that makes them visible, like segments.
 */
import type { VideoRendition } from '../../manifests/model.js';
import { AppError } from '../domain/errors.js';
import type { ObjectStore } from '../ports.js';
import type { RenditionFiles as LayoutFiles } from '../pipeline/describe-presentation.js';
import { runPool } from '../pipeline/run-pool.js';
import type { ImageRenderer, RenditionFiles } from './ffmpeg-image-renderer.js';
import {
  IMAGE_INDEX_VERSION,
  imageGridIntervalMs,
  imageIndexKey,
  imageObjectKey,
  imageRungs,
  posterTimeMs,
  STORYBOARD_COLUMNS,
  STORYBOARD_ROWS,
  STORYBOARD_TILE_WIDTH,
  type ImageIndex,
} from './image-index.js';
import { posterFile, sheetFile, thumbnailFile, type RenderedImages } from './rendered-images.js';

const PARALLEL_UPLOADS = 8;
const MAX_INDEX_BYTES = 64 * 1024;

export interface ImageTarget {
  readonly assetId: string;
  readonly revision: number;
  readonly durationMs: number;
}

export interface PackagedRendition {
  readonly rendition: VideoRendition;
  readonly files: LayoutFiles;
}

/**
 * The images of a ladder's packaged rungs (top first; imageRungs says which serve), rendered at once
 * (separate ffmpeg processes: the encode is over, the cores are free) into `dir`. Null without rungs.
 */
export async function renderImagesFromRungs(
  renderer: ImageRenderer,
  durationMs: number,
  rungs: readonly PackagedRendition[],
  dir: string,
  signal: AbortSignal,
): Promise<RenderedImages | null> {
  const chosen = imageRungs(rungs.map((rung) => rung.rendition));
  const lowest = chosen ? rungs[chosen.grid] : undefined;
  if (!chosen || !lowest) return null;
  const intervalMs = imageGridIntervalMs(durationMs);
  const posterSources = chosen.posters.flatMap((index) => rungs[index] ?? []);
  const gridRun = renderer.renderGrid(allFiles(lowest), intervalMs, dir, signal);
  const posterRuns = posterSources.map((source) => renderPoster(renderer, durationMs, source, dir, signal));
  // Every render settles before a failure is thrown: the caller then removes `dir`, which none still writes.
  const failure = (await Promise.allSettled([gridRun, ...posterRuns])).find(
    (result) => result.status === 'rejected',
  );
  if (failure) throw failure.reason;
  const [grid, posters] = await Promise.all([gridRun, Promise.all(posterRuns)]);
  const { width, height } = lowest.rendition;
  return {
    dir,
    intervalMs,
    thumbnails: { count: grid.thumbnailCount, width, height },
    sheets: grid.sheetCount,
    tileHeight: grid.tileHeight,
    posters,
  };
}

/**
 * Uploads rendered images, then the index that lists them (what makes them exist for the origin). Images
 * `isStored` already (the same file under the same key, uploaded while the encode ran) are not uploaded again.
 */
export async function publishRenderedImages(
  store: ObjectStore,
  target: ImageTarget,
  images: RenderedImages,
  signal: AbortSignal,
  isStored: (key: string, file: string) => boolean = () => false,
): Promise<ImageIndex> {
  const { assetId, revision } = target;
  const uploads: Array<() => Promise<unknown>> = [];
  const queueUpload = (key: string, file: string) => {
    if (!isStored(key, file)) uploads.push(() => store.putFile(key, file, 'image/jpeg'));
  };
  for (let index = 0; index < images.thumbnails.count; index++) {
    queueUpload(imageObjectKey(assetId, revision, 'thumbs', index), thumbnailFile(images.dir, index));
  }
  for (let sheet = 1; sheet <= images.sheets; sheet++) {
    queueUpload(imageObjectKey(assetId, revision, 'storyboard', sheet), sheetFile(images.dir, sheet));
  }
  for (const poster of images.posters) {
    queueUpload(
      imageObjectKey(assetId, revision, 'poster', poster.height),
      posterFile(images.dir, poster.height),
    );
  }
  await runPool(uploads, PARALLEL_UPLOADS, async (upload) => {
    signal.throwIfAborted();
    await upload();
  });
  const index: ImageIndex = {
    version: IMAGE_INDEX_VERSION,
    intervalMs: images.intervalMs,
    durationMs: target.durationMs,
    thumbnails: images.thumbnails,
    storyboard: {
      count: images.thumbnails.count,
      sheets: images.sheets,
      tileWidth: STORYBOARD_TILE_WIDTH,
      tileHeight: images.tileHeight,
      columns: STORYBOARD_COLUMNS,
      rows: STORYBOARD_ROWS,
    },
    posters: images.posters,
  };
  await writeImageIndex(store, assetId, revision, index);
  return index;
}

/** The poster frame of `source`, rendered as `poster-<height>.jpg` in `dir`. */
async function renderPoster(
  renderer: ImageRenderer,
  durationMs: number,
  source: PackagedRendition,
  dir: string,
  signal: AbortSignal,
): Promise<RenderedImages['posters'][number]> {
  const atMs = posterTimeMs(durationMs);
  const { rendition, files } = source;
  const timescale = rendition.timescale;
  const wantTicks = Math.floor((atMs * timescale) / 1000);
  let index = rendition.segments.findIndex(
    (segment) => wantTicks >= segment.startTicks && wantTicks < segment.startTicks + segment.durationTicks,
  );
  if (index < 0) index = 0;
  const segment = rendition.segments[index];
  const segmentFiles = files.segments[index];
  if (!segment || !segmentFiles) throw new AppError('internal', `Rendition ${rendition.id} has no segments.`);
  const offsetMs = Math.max(0, ((wantTicks - segment.startTicks) * 1000) / timescale);
  await renderer.renderFrame(
    {
      initPath: files.init,
      segmentPaths: segmentFiles.files,
      width: rendition.width,
      height: rendition.height,
    },
    offsetMs,
    posterFile(dir, rendition.height),
    signal,
  );
  return { width: rendition.width, height: rendition.height, atMs };
}

export async function writeImageIndex(
  store: ObjectStore,
  assetId: string,
  revision: number,
  index: ImageIndex,
): Promise<void> {
  const body = Buffer.from(JSON.stringify(index));
  await store.put(imageIndexKey(assetId, revision), body, {
    contentType: 'application/json',
    sizeBytes: body.length,
  });
}

/** The index of a revision's images, or null when it has none (packaged before images existed). */
export async function readImageIndex(
  store: ObjectStore,
  assetId: string,
  revision: number,
): Promise<ImageIndex | null> {
  try {
    const parsed = JSON.parse(
      (await store.getBuffer(imageIndexKey(assetId, revision), MAX_INDEX_BYTES)).toString(),
    ) as ImageIndex;
    return parsed.version === IMAGE_INDEX_VERSION ? parsed : null;
  } catch (error) {
    if (error instanceof AppError && error.code === 'object_not_found') return null;
    throw error;
  }
}

function allFiles(source: PackagedRendition): RenditionFiles {
  return {
    initPath: source.files.init,
    segmentPaths: source.files.segments.flatMap((segment) => segment.files),
    width: source.rendition.width,
    height: source.rendition.height,
  };
}
