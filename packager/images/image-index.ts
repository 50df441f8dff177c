/**
 * The images of a revision: poster(s), a thumbnail grid (a thumbnail at any time is the grid's nearest one
 * at or before it) and a storyboard (sprite sheets + a WebVTT index for scrubbing previews). Pure: object
 * keys, the grid plan, and the WebVTT text. Stored next to the revision's segments under `images/`, so every
 * image has a revisioned, immutable URL; `images/index.json` says what exists.
 */
import { revisionObjectKey } from '../domain/object-keys.js';

export const IMAGE_INDEX_VERSION = 1 as const;

/** At most this many thumbnails per asset: the grid gets coarser for long sources. */
const MAX_THUMBNAILS = 300;
const MIN_INTERVAL_MS = 1000;
export const STORYBOARD_TILE_WIDTH = 160;
export const STORYBOARD_COLUMNS = 10;
export const STORYBOARD_ROWS = 10;

export type ImageFolder = 'thumbs' | 'storyboard' | 'poster';
const IMAGE_FOLDERS: readonly string[] = ['thumbs', 'storyboard', 'poster'];
const IMAGE_FILE = /^(0|[1-9][0-9]{0,6})\.jpg$/;

export interface ImageIndex {
  readonly version: typeof IMAGE_INDEX_VERSION;
  /** Grid spacing of thumbnails and storyboard tiles. */
  readonly intervalMs: number;
  /** `images/thumbs/<i>.jpg` for i in 0..count-1 shows the picture at i x intervalMs. */
  readonly thumbnails: { readonly count: number; readonly width: number; readonly height: number };
  /** `images/storyboard/<n>.jpg` for n in 1..sheets, tiles left to right then top to bottom. */
  readonly storyboard: {
    readonly count: number;
    readonly sheets: number;
    readonly tileWidth: number;
    readonly tileHeight: number;
    readonly columns: number;
    readonly rows: number;
  };
  /** Largest first: `images/poster/<height>.jpg`. */
  readonly posters: readonly { readonly width: number; readonly height: number; readonly atMs: number }[];
  readonly durationMs: number;
}

export function imageGridIntervalMs(durationMs: number): number {
  const seconds = Math.ceil(durationMs / MAX_THUMBNAILS / 1000);
  return Math.max(MIN_INTERVAL_MS, seconds * 1000);
}

/**
 * Which rungs (top first, as a ladder lists them) the images come from: the grid from the lowest, a poster
 * from the top and one from the lowest (one poster when they are the same height). Null without rungs.
 */
export function imageRungs(
  rungs: readonly { readonly height: number }[],
): { readonly grid: number; readonly posters: readonly number[] } | null {
  const lowest = rungs.length - 1;
  if (lowest < 0) return null;
  return { grid: lowest, posters: rungs[0]?.height === rungs[lowest]?.height ? [0] : [0, lowest] };
}

/** Where the poster is taken: a quarter in (past intros and fades), at most 10 s. */
export function posterTimeMs(durationMs: number): number {
  return Math.floor(Math.min(durationMs / 4, 10_000));
}

/** `images/<folder>/<file>` relative to the revision root (what playback URLs carry after `r<N>/`). */
export function imageUri(folder: ImageFolder, index: number): string {
  return `images/${folder}/${index}.jpg`;
}

export function imageObjectKey(
  assetId: string,
  revision: number,
  folder: ImageFolder,
  index: number,
): string {
  return revisionObjectKey(assetId, revision, imageUri(folder, index));
}

export function imageIndexKey(assetId: string, revision: number): string {
  return revisionObjectKey(assetId, revision, 'images/index.json');
}

/** Checks the two path parts of a requested image before any storage call; null when not an image. */
export function parseImagePath(
  folder: string,
  fileName: string,
): { folder: ImageFolder; index: number } | null {
  const match = IMAGE_FILE.exec(fileName);
  if (!IMAGE_FOLDERS.includes(folder) || !match?.[1]) return null;
  return { folder: folder as ImageFolder, index: Number(match[1]) };
}

/** The grid thumbnail shown at `timeMs`: the last one at or before it, clamped to the grid. */
export function thumbnailIndexAt(index: ImageIndex, timeMs: number): number {
  const position = Math.floor(Math.max(0, timeMs) / index.intervalMs);
  return Math.min(Math.max(0, index.thumbnails.count - 1), position);
}

/**
 * The storyboard's WebVTT: one cue per tile, each pointing at its sprite with a media fragment
 * (`#xywh=x,y,w,h`) as the scrubbing-preview convention of players (Video.js, JW, Plyr) expects.
 * `resolve` turns a revision-relative URI into what the VTT should carry.
 */
export function renderStoryboardVtt(index: ImageIndex, resolve: (uri: string) => string): string {
  const { storyboard, intervalMs, durationMs } = index;
  const perSheet = storyboard.columns * storyboard.rows;
  const lines = ['WEBVTT', ''];
  for (let tile = 0; tile < storyboard.count; tile++) {
    const startMs = tile * intervalMs;
    if (startMs >= durationMs) break;
    const endMs = Math.min(durationMs, startMs + intervalMs);
    const sheet = Math.floor(tile / perSheet) + 1;
    const inSheet = tile % perSheet;
    const x = (inSheet % storyboard.columns) * storyboard.tileWidth;
    const y = Math.floor(inSheet / storyboard.columns) * storyboard.tileHeight;
    lines.push(`${vttTime(startMs)} --> ${vttTime(endMs)}`);
    lines.push(
      `${resolve(imageUri('storyboard', sheet))}#xywh=${x},${y},${storyboard.tileWidth},${storyboard.tileHeight}`,
    );
    lines.push('');
  }
  return lines.join('\n');
}

function vttTime(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  const millis = ms % 1000;
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(millis, 3)}`;
}
