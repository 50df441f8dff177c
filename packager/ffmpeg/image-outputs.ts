/**
 * The images of an encode (a whole source, or a chunk's share of them: images/part-image-share.ts), taken
 * from the encode's own pictures as it runs: the rungs' scaled frames are tapped before their encoders
 * (tapLabel), so the thumbnail grid and the posters cost a few JPEG encodes inside the running ffmpeg instead
 * of a decode of the rungs after it (a second or two of `ready` for a minute of 1080p), and show the picture
 * before compression. The storyboard sheets are tiled from the thumbnails afterwards (ImageRenderer.tileSheets,
 * a tenth of a second).
 *
 * Every image output gets its first picture at the encode's first frame, because ffmpeg writes no `-progress`
 * report until every output has started (print_report, in Debian's 5.1 and the 4.x and 6.x sources alike): an
 * output whose first picture came ten seconds in (a poster) or at the end (a storyboard sheet of a hundred
 * tiles) silenced the encode's progress, and with it the pace progressive publish measures, until then. Pure.
 * Which rungs: imageRungs, as images/publish-images.ts renders them from packaged rungs when a run's encodes
 * took none.
 */
import type { LadderPlan } from '../domain/ladder-plan.js';
import { imageRungs } from '../images/image-index.js';
import { posterFrameOf } from '../images/part-image-share.js';
import { JPEG_QUALITY, posterFile, thumbnailPattern } from '../images/rendered-images.js';
import type { EncodeImagesSpec } from '../media-tool-ports.js';
import { tapLabel } from './filter-graph.js';

/**
 * The rungs whose pictures the images come from (imageRungs), as far as the encode takes them: a chunk's
 * encode (spec.part) may hold no grid point or not the poster's frame. Null: no image output at all.
 */
function imageSources(
  plan: LadderPlan,
  spec: EncodeImagesSpec,
): { readonly grid: number | null; readonly posters: readonly number[] } | null {
  const rungs = imageRungs(plan.video);
  if (!rungs) return null;
  const { part } = spec;
  const grid = part?.thumbnails === 0 ? null : rungs.grid;
  const posters = part && part.posterFrame === null ? [] : rungs.posters;
  return grid === null && posters.length === 0 ? null : { grid, posters };
}

/** The rungs whose pictures are tapped (tapLabel) for images. */
export function tappedRungs(plan: LadderPlan, spec: EncodeImagesSpec): number[] {
  const sources = imageSources(plan, spec);
  if (!sources) return [];
  return [...new Set([...(sources.grid === null ? [] : [sources.grid]), ...sources.posters])];
}

/**
 * The thumbnail grid of a picture stream labelled `input`, as `[thumbs]`: one picture per grid point (output
 * frame k is the frame nearest k x interval), the first at frame 0, or `offsetSeconds` in (a chunk whose
 * first frame is not on a grid point: the earlier frames are shifted before 0, where fps drops them).
 */
export function thumbnailChain(input: string, intervalMs: number, offsetSeconds = 0): string {
  const shift = offsetSeconds > 0 ? `setpts=PTS-${offsetSeconds.toFixed(6)}/TB,` : '';
  return `${input}${shift}fps=1000/${intervalMs}:start_time=0[thumbs]`;
}

/** Filter chains from the taps to the image outputs' labels, to append to the video graph. */
export function buildImageGraph(plan: LadderPlan, spec: EncodeImagesSpec): string[] {
  const sources = imageSources(plan, spec);
  if (!sources) return [];
  const { grid, posters } = sources;
  const chains: string[] = [];
  // The grid's rung also gives a poster (the lowest, or the only rung): its tap is split between the two.
  const shared = grid !== null && posters.includes(grid);
  if (shared) chains.push(`${tapLabel(grid)}split=2[grid][p${grid}]`);
  if (grid !== null) {
    const input = shared ? '[grid]' : tapLabel(grid);
    chains.push(thumbnailChain(input, spec.intervalMs, spec.part?.gridOffsetSeconds));
  }
  // The first frame at or after the poster time, counted from 0 at the plan's constant frame rate (from the
  // chunk's first frame for a chunk); frame 0 too, which starts the output at once (see the top of this
  // file) and is overwritten by the poster's frame. A source too short to reach the poster frame keeps
  // frame 0, the picture shown at the poster time.
  const frame = spec.part?.posterFrame ?? posterFrameOf(spec.posterAtMs, plan.frameRate);
  for (const rung of posters) {
    const input = shared && rung === grid ? `[p${rung}]` : tapLabel(rung);
    chains.push(`${input}select=eq(n\\,0)+eq(n\\,${frame})[poster${rung}]`);
  }
  return chains;
}

type Output = { readonly args: readonly string[]; readonly path: string };

const jpeg = (quality: number) => ['-c:v', 'mjpeg', '-q:v', String(quality)];

/**
 * The output of thumbnailChain's `[thumbs]`, into `dir` (prepareImageFolders), numbered from `first`; at
 * most `count` pictures when given (a chunk: the next chunk takes the next grid point).
 */
export function thumbnailOutput(dir: string, first = 0, count: number | null = null): Output {
  const limit = count === null ? [] : ['-frames:v', String(count)];
  return {
    args: ['-map', '[thumbs]', ...jpeg(JPEG_QUALITY.thumbnail), '-start_number', String(first), ...limit],
    path: thumbnailPattern(dir),
  };
}

/** The image outputs (after the graph's other outputs); their folders must exist (prepareImageFolders). */
export function imageOutputs(plan: LadderPlan, spec: EncodeImagesSpec): Output[] {
  const sources = imageSources(plan, spec);
  if (!sources) return [];
  const outputs: Output[] = [];
  if (sources.grid !== null) {
    outputs.push(thumbnailOutput(spec.dir, spec.part?.firstThumbnail, spec.part?.thumbnails));
  }
  for (const rung of sources.posters) {
    const height = plan.video[rung]?.height ?? 0;
    outputs.push({
      // Both selected frames to one file, the poster's last (-update 1: a name without a %d pattern);
      // passthrough, or the constant frame rate an image output defaults to repeats frame 0 up to the poster.
      args: [
        '-map',
        `[poster${rung}]`,
        ...jpeg(JPEG_QUALITY.poster),
        '-fps_mode',
        'passthrough',
        '-update',
        '1',
      ],
      path: posterFile(spec.dir, height),
    });
  }
  return outputs;
}
