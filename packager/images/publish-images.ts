/**
 * Renders a revision's images from its packaged renditions and stores them next to its segments, with the
 * index that says what exists. Images are written before the commit that makes them visible, like segments.
 */
import type { VideoRendition } from '../../manifests/model.js';
import { AppError } from '../domain/errors.js';
import type { ObjectStore } from '../ports.js';
import type { RenditionFiles as LayoutFiles } from '../pipeline/describe-presentation.js';
import { runPool } from '../pipeline/run-pool.js';
import type { ImageRenderer, RenderedGrid, RenditionFiles } from './ffmpeg-image-renderer.js';
import {
  IMAGE_INDEX_VERSION,
  imageGridIntervalMs,
  imageIndexKey,
  imageObjectKey,
  posterTimeMs,
  STORYBOARD_COLUMNS,
  STORYBOARD_ROWS,
  STORYBOARD_TILE_WIDTH,
  type ImageIndex,
} from './image-index.js';
import path from 'node:path';

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
 * Thumbnail grid and storyboard sheets from `lowest`, a poster from `lowest` and one from `top`, rendered at
 * once (separate ffmpeg processes: the encode is over, the cores are free), then the index that lists them.
 */
export async function publishImages(
  store: ObjectStore,
  renderer: ImageRenderer,
  target: ImageTarget,
  renditions: { readonly lowest: PackagedRendition; readonly top: PackagedRendition },
  dir: string,
  signal: AbortSignal,
): Promise<ImageIndex> {
  const { lowest, top } = renditions;
  const intervalMs = imageGridIntervalMs(target.durationMs);
  const posterSources = top.rendition.height === lowest.rendition.height ? [top] : [top, lowest];
  const gridRun = publishGrid(store, renderer, target, lowest, intervalMs, dir, signal);
  const posterRuns = posterSources.map((source) =>
    publishPoster(store, renderer, target, source, dir, signal),
  );
  // Every render settles before a failure is thrown: the caller then removes `dir`, which none still writes.
  const failure = (await Promise.allSettled([gridRun, ...posterRuns])).find(
    (result) => result.status === 'rejected',
  );
  if (failure) throw failure.reason;
  const [grid, posters] = await Promise.all([gridRun, Promise.all(posterRuns)]);
  const index: ImageIndex = {
    version: IMAGE_INDEX_VERSION,
    intervalMs,
    durationMs: target.durationMs,
    thumbnails: {
      count: grid.thumbnailCount,
      width: lowest.rendition.width,
      height: lowest.rendition.height,
    },
    storyboard: {
      count: grid.thumbnailCount,
      sheets: grid.sheetCount,
      tileWidth: STORYBOARD_TILE_WIDTH,
      tileHeight: grid.tileHeight,
      columns: STORYBOARD_COLUMNS,
      rows: STORYBOARD_ROWS,
    },
    posters,
  };
  await writeImageIndex(store, target.assetId, target.revision, index);
  return index;
}

/** Renders the thumbnail grid and storyboard sheets of `source` and uploads them. */
async function publishGrid(
  store: ObjectStore,
  renderer: ImageRenderer,
  target: ImageTarget,
  source: PackagedRendition,
  intervalMs: number,
  dir: string,
  signal: AbortSignal,
): Promise<RenderedGrid> {
  const grid = await renderer.renderGrid(allFiles(source), intervalMs, dir, signal);
  const uploads: Array<() => Promise<unknown>> = [];
  for (let index = 0; index < grid.thumbnailCount; index++) {
    const file = path.join(dir, 'thumbs', `${index}.jpg`);
    uploads.push(() =>
      store.putFile(imageObjectKey(target.assetId, target.revision, 'thumbs', index), file, 'image/jpeg'),
    );
  }
  for (let sheet = 1; sheet <= grid.sheetCount; sheet++) {
    const file = path.join(dir, 'storyboard', `${sheet}.jpg`);
    uploads.push(() =>
      store.putFile(imageObjectKey(target.assetId, target.revision, 'storyboard', sheet), file, 'image/jpeg'),
    );
  }
  await runPool(uploads, PARALLEL_UPLOADS, async (upload) => {
    signal.throwIfAborted();
    await upload();
  });
  return grid;
}

/** The poster frame of `source`, stored as `images/poster/<height>.jpg`. */
async function publishPoster(
  store: ObjectStore,
  renderer: ImageRenderer,
  target: ImageTarget,
  source: PackagedRendition,
  dir: string,
  signal: AbortSignal,
): Promise<ImageIndex['posters'][number]> {
  const atMs = posterTimeMs(target.durationMs);
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
  const output = path.join(dir, `poster-${rendition.height}.jpg`);
  const offsetMs = Math.max(0, ((wantTicks - segment.startTicks) * 1000) / timescale);
  await renderer.renderFrame(
    {
      initPath: files.init,
      segmentPaths: segmentFiles.files,
      width: rendition.width,
      height: rendition.height,
    },
    offsetMs,
    output,
    signal,
  );
  await store.putFile(
    imageObjectKey(target.assetId, target.revision, 'poster', rendition.height),
    output,
    'image/jpeg',
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
