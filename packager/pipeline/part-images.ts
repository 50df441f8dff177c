/**
 * A chunked run's images, taken by its parts as they encode: each chunk's encode writes its share of the
 * thumbnail grid (numbered as in the whole grid) and, the chunk holding the poster's frame, the posters
 * (images/part-image-share.ts); the part stores them in its attempt's scratch folder, and the finish brings
 * every share into one folder, where the storyboard sheets are tiled and from which the images are published
 * as a whole-source run's are. The finish then decodes no rung: rendering the images from the packaged rungs
 * after the last part took 0.8-0.9 s of a minute of 1080p; tiling 60 thumbnails takes a tenth of that.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { LadderPlan } from '../domain/ladder-plan.js';
import { partImageShare } from '../images/part-image-share.js';
import {
  encodeImagesSpec,
  posterFile,
  prepareImageFolders,
  thumbnailFile,
} from '../images/rendered-images.js';
import type { EncodeImagesSpec, ObjectStore } from '../ports.js';
import { PARALLEL_TRANSFERS } from './part-storage.js';
import { runPool } from './run-pool.js';
import type { EncodedPart, PartImages, RunChunk } from './stage-jobs.js';

const POSTER_FILE = /^poster-(\d+)\.jpg$/;

/**
 * What a chunk's encode takes into `dir`; null without video. A chunk holding no grid point and not the
 * poster's frame (a long source's coarse grid) takes an empty share, which its part reports all the same.
 */
export function chunkImagesSpec(
  plan: LadderPlan,
  chunk: RunChunk,
  sourceDurationMs: number,
  dir: string,
): EncodeImagesSpec | null {
  if (plan.video.length === 0) return null;
  const run = encodeImagesSpec(sourceDurationMs, dir);
  return { ...run, part: partImageShare(chunk, plan.frameRate, run) };
}

const partImageKey = (prefix: string, file: string) => `${prefix}images/${file}`;

/** Stores what a chunk's encode wrote into `spec.dir` in the part's scratch folder `prefix`. */
export async function storePartImages(
  store: ObjectStore,
  prefix: string,
  spec: EncodeImagesSpec,
  signal?: AbortSignal,
): Promise<PartImages> {
  const thumbnails = (await fs.readdir(path.join(spec.dir, 'thumbs'))).length;
  const firstThumbnail = spec.part?.firstThumbnail ?? 0;
  const posterHeights = (await fs.readdir(spec.dir)).flatMap((name) => {
    const match = POSTER_FILE.exec(name);
    return match?.[1] ? [Number(match[1])] : [];
  });
  const files = [
    ...Array.from({ length: thumbnails }, (_, offset) => `thumbs/${firstThumbnail + offset}.jpg`),
    ...posterHeights.map((height) => path.basename(posterFile(spec.dir, height))),
  ];
  await runPool(files, PARALLEL_TRANSFERS, async (file) => {
    signal?.throwIfAborted();
    await store.putFile(partImageKey(prefix, file), path.join(spec.dir, file), 'image/jpeg');
  });
  return { firstThumbnail, thumbnails, posterHeights };
}

/**
 * True when the chunks' shares (the chunks of `parts`, in source order) make the whole grid: false when a
 * part took none (a worker with images turned off, or of a version that took none) or the shares leave a
 * gap; the run's images are then rendered from its packaged rungs.
 */
export function partsTookImages(parts: readonly EncodedPart[]): boolean {
  let next = 0;
  for (const { images } of parts) {
    if (!images || (images.thumbnails > 0 && images.firstThumbnail !== next)) return false;
    next = images.firstThumbnail + images.thumbnails;
  }
  return true;
}

/** Downloads the images of chunks whose shares make the whole grid (partsTookImages) into `dir`. */
export async function fetchRunImages(
  store: ObjectStore,
  parts: readonly EncodedPart[],
  dir: string,
  signal?: AbortSignal,
): Promise<void> {
  const downloads: Array<{ key: string; file: string }> = [];
  for (const { images, prefix } of parts) {
    if (!images) continue;
    for (let index = images.firstThumbnail; index < images.firstThumbnail + images.thumbnails; index += 1) {
      downloads.push({ key: partImageKey(prefix, `thumbs/${index}.jpg`), file: thumbnailFile(dir, index) });
    }
    for (const height of images.posterHeights) {
      const file = posterFile(dir, height);
      downloads.push({ key: partImageKey(prefix, path.basename(file)), file });
    }
  }
  await prepareImageFolders(dir);
  await runPool(downloads, PARALLEL_TRANSFERS, async ({ key, file }) => {
    signal?.throwIfAborted();
    await store.downloadToFile(key, file);
  });
}
