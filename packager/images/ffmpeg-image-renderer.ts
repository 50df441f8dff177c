/**
 * Images with ffmpeg (a plain spawn: a few frames, no progress to follow). From packaged renditions, the
 * input is the rendition itself, init segment and media segments joined into one fragmented MP4, so images
 * cost a decode of the smallest rung (grid) or of one segment (poster), never of the source. The storyboard
 * sheets are tiled from the thumbnails, whoever made them (this renderer, or a whole-source encode).
 */
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { thumbnailChain, thumbnailOutput } from '../ffmpeg/image-outputs.js';
import { runFfmpegToEnd } from '../ffmpeg/run-ffmpeg.js';
import { STORYBOARD_COLUMNS, STORYBOARD_ROWS, STORYBOARD_TILE_WIDTH } from './image-index.js';
import {
  countGridFiles,
  type GridCounts,
  JPEG_QUALITY,
  prepareImageFolders,
  sheetPattern,
  storyboardTileHeight,
  thumbnailPattern,
} from './rendered-images.js';

export interface RenditionFiles {
  readonly initPath: string;
  readonly segmentPaths: readonly string[];
  /** Coded size of the rendition. */
  readonly width: number;
  readonly height: number;
}

export interface RenderedGrid {
  /** `thumbs/<i>.jpg` from 0 and `storyboard/<n>.jpg` from 1, under the output folder. */
  readonly thumbnailCount: number;
  readonly sheetCount: number;
  readonly tileHeight: number;
}

export interface ImageRenderer {
  /** Thumbnails every `intervalMs` (from 0) at the rendition's size, and storyboard sprite sheets. */
  renderGrid(
    input: RenditionFiles,
    intervalMs: number,
    outputDir: string,
    signal?: AbortSignal,
  ): Promise<RenderedGrid>;
  /**
   * The storyboard sheets of the thumbnails in `dir` (`thumbs/<i>.jpg` from 0): tiles `tileHeight` high,
   * STORYBOARD_COLUMNS x STORYBOARD_ROWS to a sheet, into `storyboard/<n>.jpg` from 1. Returns how many
   * thumbnails and sheets the folder then holds.
   */
  tileSheets(dir: string, tileHeight: number, signal?: AbortSignal): Promise<GridCounts>;
  /** One JPEG of the frame at `offsetMs` into the given segments (a poster from the top rung). */
  renderFrame(
    input: RenditionFiles,
    offsetMs: number,
    outputPath: string,
    signal?: AbortSignal,
  ): Promise<void>;
}

export function createFfmpegImageRenderer(options: { readonly ffmpegPath: string }): ImageRenderer {
  const run = (args: readonly string[], signal?: AbortSignal) =>
    runFfmpegToEnd(options.ffmpegPath, args, {
      signal,
      failure: 'The images of the video could not be rendered.',
      cancelled: 'Image rendering was cancelled.',
    });
  const tileSheets = async (dir: string, tileHeight: number, signal?: AbortSignal): Promise<GridCounts> => {
    const { thumbnails } = await countGridFiles(dir);
    if (thumbnails === 0) return { thumbnails, sheets: 0 };
    const tile = `scale=${STORYBOARD_TILE_WIDTH}:${tileHeight},tile=${STORYBOARD_COLUMNS}x${STORYBOARD_ROWS}`;
    await run(
      [
        ...['-start_number', '0', '-i', thumbnailPattern(dir), '-vf', tile],
        ...['-q:v', String(JPEG_QUALITY.sheet), '-start_number', '1', sheetPattern(dir)],
      ],
      signal,
    );
    return { thumbnails, sheets: (await countGridFiles(dir)).sheets };
  };
  return {
    tileSheets,

    async renderGrid(input, intervalMs, outputDir, signal) {
      const joined = await joinRendition(input, outputDir);
      await prepareImageFolders(outputDir);
      const thumbnails = thumbnailOutput(outputDir);
      const graph = thumbnailChain('[0:v]', intervalMs);
      await run(['-i', joined, '-filter_complex', graph, ...thumbnails.args, thumbnails.path], signal);
      await fs.rm(joined, { force: true });
      const tileHeight = storyboardTileHeight(input.width, input.height);
      const counted = await tileSheets(outputDir, tileHeight, signal);
      return { thumbnailCount: counted.thumbnails, sheetCount: counted.sheets, tileHeight };
    },

    async renderFrame(input, offsetMs, outputPath, signal) {
      const joined = await joinRendition(input, path.dirname(outputPath));
      // -ss after -i: decode from the segment's IDR and keep the exact frame (a segment is one GOP).
      await run(
        [
          '-i',
          joined,
          '-ss',
          (offsetMs / 1000).toFixed(3),
          '-frames:v',
          '1',
          '-q:v',
          String(JPEG_QUALITY.poster),
          '-update',
          '1',
          outputPath,
        ],
        signal,
      );
      await fs.rm(joined, { force: true });
    },
  };
}

/** The rendition as one fragmented MP4 file: init segment, then every media segment in order. */
async function joinRendition(input: RenditionFiles, dir: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const joined = path.join(dir, `joined-${process.hrtime.bigint()}.mp4`);
  const out = createWriteStream(joined);
  await pipeline(async function* () {
    for (const file of [input.initPath, ...input.segmentPaths]) yield await fs.readFile(file);
  }, out);
  return joined;
}
