/**
 * Images rendered into a local folder, whoever rendered them (a whole-source encode as it runs, or the image
 * renderer from packaged rungs): where each file lies, the JPEG qualities, and what the folder holds.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { EncodeImagesSpec } from '../media-tool-ports.js';
import { imageGridIntervalMs, imageRungs, posterTimeMs, STORYBOARD_TILE_WIDTH } from './image-index.js';

/** ffmpeg's `-q:v` (2 best .. 31): posters are looked at whole, grid thumbnails and sheets small. */
export const JPEG_QUALITY = { poster: 3, thumbnail: 4, sheet: 5 } as const;

export interface RenderedImages {
  /** `thumbs/<i>.jpg` from 0, `storyboard/<n>.jpg` from 1, `poster-<height>.jpg`. */
  readonly dir: string;
  readonly intervalMs: number;
  readonly thumbnails: { readonly count: number; readonly width: number; readonly height: number };
  readonly sheets: number;
  readonly tileHeight: number;
  /** Largest first. */
  readonly posters: readonly { readonly width: number; readonly height: number; readonly atMs: number }[];
}

/**
 * The images an encode of a source `sourceDurationMs` long takes into `dir`: the whole grid and the posters
 * (a whole-source encode), or the spec a chunk takes its share of (pipeline/part-images.ts).
 */
export function encodeImagesSpec(sourceDurationMs: number, dir: string): EncodeImagesSpec {
  return {
    dir,
    intervalMs: imageGridIntervalMs(sourceDurationMs),
    posterAtMs: posterTimeMs(sourceDurationMs),
  };
}

export const thumbnailPattern = (dir: string) => path.join(dir, 'thumbs', '%d.jpg');
export const sheetPattern = (dir: string) => path.join(dir, 'storyboard', '%d.jpg');
export const thumbnailFile = (dir: string, index: number) => path.join(dir, 'thumbs', `${index}.jpg`);
export const sheetFile = (dir: string, sheet: number) => path.join(dir, 'storyboard', `${sheet}.jpg`);
export const posterFile = (dir: string, height: number) => path.join(dir, `poster-${height}.jpg`);

/**
 * The grid thumbnails an encode has finished writing into `dir` so far, by index: all but the highest
 * numbered, which ffmpeg may still be writing (its image outputs close one file before opening the next).
 */
export async function finishedThumbnails(dir: string): Promise<number[]> {
  let names: string[];
  try {
    names = await fs.readdir(path.join(dir, 'thumbs'));
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw error;
  }
  const indexes = names.flatMap((name) => (/^\d+\.jpg$/.test(name) ? [Number.parseInt(name, 10)] : []));
  return indexes.sort((a, b) => a - b).slice(0, -1);
}

/** Creates the folders ffmpeg's image outputs write into (it does not create them). */
export async function prepareImageFolders(dir: string): Promise<void> {
  await fs.mkdir(path.join(dir, 'thumbs'), { recursive: true });
  await fs.mkdir(path.join(dir, 'storyboard'), { recursive: true });
}

/** Storyboard tile height for a picture of this size: the tile width's share, even. */
export function storyboardTileHeight(width: number, height: number): number {
  return Math.max(2, Math.round((STORYBOARD_TILE_WIDTH * height) / width / 2) * 2);
}

export interface GridCounts {
  readonly thumbnails: number;
  readonly sheets: number;
}

/** How many thumbnails and sheets the grid render left in `dir`. */
export async function countGridFiles(dir: string): Promise<GridCounts> {
  const [thumbs, sheets] = await Promise.all([
    fs.readdir(path.join(dir, 'thumbs')),
    fs.readdir(path.join(dir, 'storyboard')),
  ]);
  return { thumbnails: thumbs.length, sheets: sheets.length };
}

/**
 * The images an encode asked for `spec` left in its folder, for a ladder of `rungs` (top first), with the
 * storyboard sheets tiled from its thumbnails: the grid from the lowest rung's pictures, posters from those
 * imageRungs names. Null without rungs.
 */
export async function finishEncodedImages(
  spec: EncodeImagesSpec,
  rungs: readonly { readonly width: number; readonly height: number }[],
  renderer: { tileSheets(dir: string, tileHeight: number, signal?: AbortSignal): Promise<GridCounts> },
  signal: AbortSignal,
): Promise<RenderedImages | null> {
  const chosen = imageRungs(rungs);
  const lowest = chosen ? rungs[chosen.grid] : undefined;
  if (!chosen || !lowest) return null;
  const tileHeight = storyboardTileHeight(lowest.width, lowest.height);
  const counted = await renderer.tileSheets(spec.dir, tileHeight, signal);
  return {
    dir: spec.dir,
    intervalMs: spec.intervalMs,
    thumbnails: { count: counted.thumbnails, width: lowest.width, height: lowest.height },
    sheets: counted.sheets,
    tileHeight,
    posters: await existingPosters(
      spec,
      chosen.posters.flatMap((index) => rungs[index] ?? []),
    ),
  };
}

/** An image output that never got a picture (a source without frames) left no file: no poster then. */
async function existingPosters(
  spec: EncodeImagesSpec,
  rungs: readonly { readonly width: number; readonly height: number }[],
): Promise<RenderedImages['posters']> {
  const found = await Promise.all(
    rungs.map((rung) =>
      fs.access(posterFile(spec.dir, rung.height)).then(
        () => [{ width: rung.width, height: rung.height, atMs: spec.posterAtMs }],
        () => [],
      ),
    ),
  );
  return found.flat();
}
