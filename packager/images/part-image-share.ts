/**
 * A chunk's share of the images of a chunked run: the grid thumbnails whose times fall in its frames and,
 * when the poster's frame is one of them, the poster. Each part takes its share from its own encode, as a
 * whole-source encode takes all of them (ffmpeg/image-outputs.ts), so the finish only tiles the storyboard
 * sheets. Pure; a chunk's end is its successor's start, and both are counted with the same integer
 * arithmetic on the rational rate, so neighbouring chunks never both take, or both miss, a grid point.
 */
import type { FrameRate } from '../../manifests/model.js';
import { msToFrames } from '../domain/frame-rate.js';

export interface PartImageShare {
  /** Grid index of the chunk's first thumbnail. */
  readonly firstThumbnail: number;
  /** How many thumbnails it takes; null for the last chunk: up to the end of the source. */
  readonly thumbnails: number | null;
  /** Seconds from the chunk's first frame to the time of its first thumbnail (under one interval). */
  readonly gridOffsetSeconds: number;
  /** The poster's frame counted from the chunk's first frame; null when another chunk holds it. */
  readonly posterFrame: number | null;
}

export interface ChunkFrames {
  readonly startFrame: number;
  /** Null for the last chunk. */
  readonly frameCount: number | null;
}

/** The poster's frame in the whole presentation: the first at or after `posterAtMs` (as image-outputs.ts). */
export function posterFrameOf(posterAtMs: number, frameRate: FrameRate): number {
  return Math.ceil(msToFrames(posterAtMs, frameRate));
}

export function partImageShare(
  chunk: ChunkFrames,
  frameRate: FrameRate,
  grid: { readonly intervalMs: number; readonly posterAtMs: number },
): PartImageShare {
  const { num, den } = frameRate;
  // Grid point k lies at k * intervalMs; a chunk starting at frame f takes the points at or after f's time:
  // k = ceil(f * den * 1000 / (num * intervalMs)), in integers.
  const divisor = num * grid.intervalMs;
  const firstPointAt = (frame: number) => Math.floor((frame * den * 1000 + divisor - 1) / divisor);
  const firstThumbnail = firstPointAt(chunk.startFrame);
  const endFrame = chunk.frameCount === null ? null : chunk.startFrame + chunk.frameCount;
  const chunkStartSeconds = (chunk.startFrame * den) / num;
  const poster = posterFrameOf(grid.posterAtMs, frameRate) - chunk.startFrame;
  const holdsPoster = poster >= 0 && (chunk.frameCount === null || poster < chunk.frameCount);
  return {
    firstThumbnail,
    thumbnails: endFrame === null ? null : firstPointAt(endFrame) - firstThumbnail,
    gridOffsetSeconds: Math.max(0, (firstThumbnail * grid.intervalMs) / 1000 - chunkStartSeconds),
    posterFrame: holdsPoster ? poster : null,
  };
}
