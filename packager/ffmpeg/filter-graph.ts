/**
 * The video filter graph of a transcode: decode once, condition the picture once, split it, scale each rung.
 * Pure; no spaces anywhere, so the graph is one argv element whatever wraps ffmpeg.
 */
import type { LadderPlan } from '../domain/ladder-plan.js';

/**
 * How HDR is turned into SDR BT.709. `zscale` (libzimg, in Debian's ffmpeg): linearise, convert primaries,
 * Hable tone curve, back to BT.709. `none`: builds without zscale only drop to 8 bits and tag BT.709, which
 * plays everywhere but looks flat and dim; the transcoder logs a warning when it has to.
 */
export type ToneMapFilter = 'zscale' | 'none';

const ZSCALE_TONE_MAP = [
  'zscale=t=linear:npl=100', // PQ/HLG to linear light, 100 nits as SDR reference white
  'format=gbrpf32le', // tonemap works on float RGB
  'zscale=p=bt709', // BT.2020 primaries to BT.709
  'tonemap=tonemap=hable:desat=0', // compress highlights; keep saturation (desat=0)
  'zscale=t=bt709:m=bt709:r=tv', // BT.709 transfer and matrix, limited range
].join(',');

/** Label of rung `index`'s scaled output, for `-map`. */
export function rungLabel(index: number): string {
  return `[v${index}]`;
}

/** Label of rung `index`'s tapped picture: its scaled frames again, for the images (image-outputs.ts). */
export function tapLabel(index: number): string {
  return `[t${index}]`;
}

/**
 * A rung is scaled from the smallest larger rung at least this many times its size, when there is one,
 * instead of from the full-size picture: 480p and 360p from 720p read 2.25x fewer pixels than from 1080p.
 * On a 1080p ladder that cuts the graph's CPU by about a fifth (decode + scales: 33.9 -> 26.4 s per minute
 * of source here) for a loss below 0.0013 SSIM before encoding (against a lanczos reference); below 1.5x a
 * second bicubic pass would soften more than it saves.
 */
const CASCADE_MIN_FACTOR = 1.5;

/**
 * Index of the rung that rung `index` is scaled from (the smallest one whose short side is at least
 * CASCADE_MIN_FACTOR times its own); null: the conditioned source picture. Short sides, because rung widths
 * are rounded to even numbers (854 x 1.5 > 1280). Pure.
 */
export function scaleParent(
  rungs: readonly { readonly width: number; readonly height: number }[],
  index: number,
): number | null {
  const shortSide = (rung: { readonly width: number; readonly height: number }) =>
    Math.min(rung.width, rung.height);
  const rung = rungs[index];
  if (!rung) return null;
  let parent: number | null = null;
  let parentSide = Infinity;
  rungs.forEach((candidate, candidateIndex) => {
    const side = shortSide(candidate);
    if (side >= shortSide(rung) * CASCADE_MIN_FACTOR && side < parentSide) {
      parent = candidateIndex;
      parentSide = side;
    }
  });
  return parent;
}

/**
 * `[0:v]` (already auto-rotated by ffmpeg) -> deinterlace? -> constant frame rate -> tone map? -> 8-bit
 * 4:2:0 -> split -> each rung scaled to its exact even size with square pixels, from the source picture or
 * from a larger rung (scaleParent), and tapped for images when asked. Null without video rungs.
 */
export function buildVideoFilterGraph(
  plan: LadderPlan,
  toneMapFilter: ToneMapFilter,
  /** Rungs whose scaled picture is also written to their tapLabel. */
  tapped: readonly number[] = [],
  /** Exactly this many frames: the last picture repeated if the video ends sooner (TranscodeOptions.frames). */
  frames?: number,
): string | null {
  const rungs = plan.video;
  if (rungs.length === 0) return null;
  const chain: string[] = [];
  // One output frame per input frame, so the frame rate stays the planned one.
  if (plan.deinterlace) chain.push('yadif=mode=send_frame');
  // Constant frame rate at the planned rational; start_time=0 pads a late first frame so video starts at 0
  // like the audio (aresample first_pts=0).
  chain.push(`fps=${plan.frameRate.num}/${plan.frameRate.den}:start_time=0`);
  if (frames !== undefined) chain.push('tpad=stop_mode=clone:stop=-1', `trim=end_frame=${frames}`);
  if (plan.toneMap && toneMapFilter === 'zscale') chain.push(ZSCALE_TONE_MAP);
  // H.264 High profile is 8-bit 4:2:0; converting once before the split saves N conversions.
  chain.push('format=yuv420p');
  const parents = rungs.map((_, index) => scaleParent(rungs, index));
  // Rung i reads `[s<i>]`, written by the split of whatever it is scaled from.
  const inputsOf = (parent: number | null) =>
    parents.flatMap((of, index) => (of === parent ? [`[s${index}]`] : [])).join('');
  const fromSource = parents.filter((of) => of === null).length;
  const head = `[0:v]${chain.join(',')}${fromSource > 1 ? `,split=${fromSource}` : ''}${inputsOf(null)}`;
  // Exact even sizes from the plan with setsar=1: square pixels, so width x height is the display size.
  const scales = rungs.map((rung, index) => {
    const tap = tapped.includes(index);
    const outputs = `${rungLabel(index)}${tap ? tapLabel(index) : ''}${inputsOf(index)}`;
    const count = outputs.split('[').length - 1;
    const out = count === 1 ? outputs : `,split=${count}${outputs}`;
    // A split gives every output one pixel format, and the JPEG encoders of a tap take only full-range
    // yuvj420p, which x264 would then encode too (a full-range rung): the rung's own format is pinned.
    const pinned = tap ? ',format=yuv420p' : '';
    return `[s${index}]scale=${rung.width}:${rung.height},setsar=1${pinned}${out}`;
  });
  return [head, ...scales].join(';');
}
