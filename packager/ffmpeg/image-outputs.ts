/**
 * The images of a whole-source encode, taken from the encode's own pictures as it runs: the rungs' scaled
 * frames are tapped before their encoders (tapLabel), so the thumbnail grid, the storyboard sheets and the
 * posters cost a few JPEG encodes inside the running ffmpeg instead of a decode of the rungs after it (a
 * second or two of `ready` for a minute of 1080p), and show the picture before compression. Pure.
 * Which rungs: imageRungs, as images/publish-images.ts renders them from packaged rungs for a chunked run.
 */
import { msToFrames } from '../domain/frame-rate.js';
import type { LadderPlan } from '../domain/ladder-plan.js';
import {
  imageRungs,
  STORYBOARD_COLUMNS,
  STORYBOARD_ROWS,
  STORYBOARD_TILE_WIDTH,
} from '../images/image-index.js';
import {
  JPEG_QUALITY,
  posterFile,
  sheetPattern,
  storyboardTileHeight,
  thumbnailPattern,
} from '../images/rendered-images.js';
import type { EncodeImagesSpec } from '../media-tool-ports.js';
import { tapLabel } from './filter-graph.js';

/** The rungs whose pictures are tapped (tapLabel) for images. */
export function tappedRungs(plan: LadderPlan): number[] {
  const rungs = imageRungs(plan.video);
  return rungs ? [...new Set([rungs.grid, ...rungs.posters])] : [];
}

/**
 * The thumbnail grid of a picture stream labelled `input`: `[thumbs]` (one picture per grid point: output
 * frame k is the frame nearest k x interval) and `[sheets]` (those pictures tiled into storyboard sheets).
 * The same chains whether the pictures are an encode's or a packaged rung's.
 */
export function gridChains(input: string, intervalMs: number, tileHeight: number): string[] {
  return [
    `${input}fps=1000/${intervalMs}:start_time=0,split=2[thumbs][tiles]`,
    `[tiles]scale=${STORYBOARD_TILE_WIDTH}:${tileHeight},tile=${STORYBOARD_COLUMNS}x${STORYBOARD_ROWS}[sheets]`,
  ];
}

/** Filter chains from the taps to the image outputs' labels, to append to the video graph. */
export function buildImageGraph(plan: LadderPlan, spec: EncodeImagesSpec): string[] {
  const rungs = imageRungs(plan.video);
  if (!rungs) return [];
  const { grid, posters } = rungs;
  const chains: string[] = [];
  // The grid's rung also gives a poster (the lowest, or the only rung): its tap is split between the two.
  const shared = posters.includes(grid);
  if (shared) chains.push(`${tapLabel(grid)}split=2[grid][p${grid}]`);
  const lowest = plan.video[grid];
  const tileHeight = lowest ? storyboardTileHeight(lowest.width, lowest.height) : 2;
  chains.push(...gridChains(shared ? '[grid]' : tapLabel(grid), spec.intervalMs, tileHeight));
  // The first frame at or after the poster time, counted from 0 at the plan's constant frame rate.
  const frame = Math.ceil(msToFrames(spec.posterAtMs, plan.frameRate));
  for (const rung of posters) {
    const input = shared && rung === grid ? `[p${rung}]` : tapLabel(rung);
    chains.push(`${input}trim=start_frame=${frame}:end_frame=${frame + 1}[poster${rung}]`);
  }
  return chains;
}

type Output = { readonly args: readonly string[]; readonly path: string };

const jpeg = (quality: number) => ['-c:v', 'mjpeg', '-q:v', String(quality)];

/** The outputs of gridChains' `[thumbs]` and `[sheets]`, into `dir` (prepareImageFolders). */
export function gridOutputs(dir: string): Output[] {
  return [
    {
      args: ['-map', '[thumbs]', ...jpeg(JPEG_QUALITY.thumbnail), '-start_number', '0'],
      path: thumbnailPattern(dir),
    },
    {
      args: ['-map', '[sheets]', ...jpeg(JPEG_QUALITY.sheet), '-start_number', '1'],
      path: sheetPattern(dir),
    },
  ];
}

/** The image outputs (after the graph's other outputs); their folders must exist (prepareImageFolders). */
export function imageOutputs(plan: LadderPlan, spec: EncodeImagesSpec): Output[] {
  const rungs = imageRungs(plan.video);
  if (!rungs) return [];
  const outputs = gridOutputs(spec.dir);
  for (const rung of rungs.posters) {
    const height = plan.video[rung]?.height ?? 0;
    outputs.push({
      // One frame, written to one file (-update 1: a name without a %d pattern).
      args: ['-map', `[poster${rung}]`, ...jpeg(JPEG_QUALITY.poster), '-frames:v', '1', '-update', '1'],
      path: posterFile(spec.dir, height),
    });
  }
  return outputs;
}
