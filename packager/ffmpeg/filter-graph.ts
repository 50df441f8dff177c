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

/**
 * `[0:v]` (already auto-rotated by ffmpeg) -> deinterlace? -> constant frame rate -> tone map? -> 8-bit
 * 4:2:0 -> split into one branch per rung -> exact even size with square pixels. Null without video rungs.
 */
export function buildVideoFilterGraph(plan: LadderPlan, toneMapFilter: ToneMapFilter): string | null {
  const rungs = plan.video;
  if (rungs.length === 0) return null;
  const chain: string[] = [];
  // One output frame per input frame, so the frame rate stays the planned one.
  if (plan.deinterlace) chain.push('yadif=mode=send_frame');
  // Constant frame rate at the planned rational; start_time=0 pads a late first frame so video starts at 0
  // like the audio (aresample first_pts=0).
  chain.push(`fps=${plan.frameRate.num}/${plan.frameRate.den}:start_time=0`);
  if (plan.toneMap && toneMapFilter === 'zscale') chain.push(ZSCALE_TONE_MAP);
  // H.264 High profile is 8-bit 4:2:0; converting once before the split saves N conversions.
  chain.push('format=yuv420p');
  const branches = rungs.map((_, index) => `[s${index}]`).join('');
  chain.push(`split=${rungs.length}${branches}`);
  // Exact even sizes from the plan with setsar=1: square pixels, so width x height is the display size.
  const scales = rungs.map(
    (rung, index) => `[s${index}]scale=${rung.width}:${rung.height},setsar=1${rungLabel(index)}`,
  );
  return [`[0:v]${chain.join(',')}`, ...scales].join(';');
}
