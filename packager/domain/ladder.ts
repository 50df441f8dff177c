/**
 * Ladder planning: which renditions a source gets and how each is encoded. Pure: probed facts in, a plan or
 * a rejection for a person out.
 */
import type { FrameRate } from '../../manifests/model.js';
import { capFrameRate, framesIn, framesPerSecondOf, isValidFrameRate } from './frame-rate.js';
import { chooseH264Level } from './h264-level.js';
import type { AudioPlan, LadderPlan, PlanResult, VideoRungPlan } from './ladder-plan.js';
import type { SourceMedia, SourceVideo } from './media-source.js';

/** One rung of a ladder, by the short side of the picture so portrait and landscape sources share it. */
export interface RungSpec {
  /** Short side of the output in pixels (720 for 1280x720 and for 720x1280). Even. */
  readonly shortSide: number;
  /** x264 constant rate factor. */
  readonly crf: number;
  /** VBV max rate for sources up to 30 fps; faster sources get 1.5x. */
  readonly maxrateBps: number;
}

/**
 * The default ladder. CRF sets the quality; the caps stop hard scenes from blowing past what a rung promises.
 * They sit at or a little under the H.264 rates of Apple's HLS authoring spec for 30 fps (1080p 6-7.8 Mb/s,
 * 720p 3-4.5 Mb/s, 540p 2 Mb/s, 360p ~0.7-1.1 Mb/s), so CRF is the binding constraint on ordinary content.
 */
export const DEFAULT_RUNGS: readonly RungSpec[] = [
  { shortSide: 1080, crf: 23, maxrateBps: 6_000_000 },
  { shortSide: 720, crf: 23, maxrateBps: 3_500_000 },
  { shortSide: 480, crf: 24, maxrateBps: 1_600_000 },
  { shortSide: 360, crf: 25, maxrateBps: 900_000 },
];

/** The nominal segment duration callers use unless configured otherwise. */
export const DEFAULT_SEGMENT_DURATION_MS = 2000;

export interface LadderOptions {
  /** Nominal segment (and GOP) duration in milliseconds; the caller's default is 2000. */
  readonly segmentDurationMs: number;
  /** x264 preset (`veryfast`, `medium`). */
  readonly x264Preset: string;
  /** Output frame-rate cap; default 60. */
  readonly maxFrameRate?: number;
  /** Rungs to choose from (any order); default DEFAULT_RUNGS. */
  readonly rungs?: readonly RungSpec[];
}

// Twice the frames cost about 1.5x the bits at equal quality: motion compensation finds more redundancy
// between frames that are closer in time.
const HIGH_FRAME_RATE_CAP_FACTOR = 1.5;
const HIGH_FRAME_RATE_ABOVE_FPS = 30;
// bufsize = 2 x maxrate: two seconds of buffer (one segment) lets x264 spend on each segment's IDR while
// bounding any segment to about twice the cap. Manifests declare the measured peak anyway.
const BUFSIZE_SECONDS = 2;

const AUDIO_PLAN: AudioPlan = { id: 'audio', bitrateBps: 128_000, channels: 2, sampleRateHz: 48000 };
const UNDECODABLE_CODECS = new Set(['', 'none', 'unknown']);
const NO_FRAME_RATE: FrameRate = { num: 0, den: 1 };

/**
 * Plans the renditions for `source`.
 *
 * - Rungs are chosen by the short side of the display size (rotation and sample aspect ratio applied), so
 *   portrait 1080x1920 gets 720x1280 as its 720p rung; no rung is taller than the source; a source smaller
 *   than every rung gets one rung at its own size. Sizes keep the display aspect and are even.
 * - Frame rate: the source's average rate as a rational, capped at `maxFrameRate` by an even decimation.
 *   `gopFrames` is the rate x segment duration rounded to whole frames, and the encoder makes every segment
 *   exactly that many frames. When the product is not whole (29.97 fps x 2 s = 59.94) the segments are
 *   60 frames = 2.002 s rather than 2.000 s: GOP = segment duration still holds exactly, every boundary
 *   falls on a frame and is the same in every rung (see segmentDurationSeconds in ffmpeg/args.ts).
 * - An audio-only source gets no video rungs, `frameRate` 0/1 and `gopFrames` 0.
 *
 * Returns `no_media_streams` when there is neither video nor audio, `unsupported_media` for a video or audio
 * track ffmpeg cannot decode or a zero/unknown duration.
 */
export function planLadder(source: SourceMedia, options: LadderOptions): PlanResult {
  const { video, audio } = source;
  if (video === null && audio === null) {
    return reject(
      'no_media_streams',
      'The upload has neither a video nor an audio track. Upload a video (or audio) file.',
    );
  }
  if (video !== null && !isDecodableVideo(video)) {
    return reject(
      'unsupported_media',
      `The upload's video track (${video.codec || 'unknown format'}) is in a format that cannot be decoded.`,
    );
  }
  if (audio !== null && (UNDECODABLE_CODECS.has(audio.codec) || audio.channels <= 0)) {
    return reject(
      'unsupported_media',
      `The upload's audio track (${audio.codec || 'unknown format'}) is in a format that cannot be decoded.`,
    );
  }
  if (!Number.isFinite(source.durationMs) || source.durationMs <= 0) {
    return reject(
      'unsupported_media',
      'The upload has a zero or unknown duration, so there is nothing to play. The file may be truncated: ' +
        'try exporting it again.',
    );
  }

  const frameRate =
    video === null ? NO_FRAME_RATE : capFrameRate(video.frameRate, options.maxFrameRate ?? 60);
  const plan: LadderPlan = {
    frameRate,
    segmentDurationMs: options.segmentDurationMs,
    gopFrames: video === null ? 0 : Math.max(1, framesIn(options.segmentDurationMs, frameRate)),
    video: video === null ? [] : planRungs(video, frameRate, options.rungs ?? DEFAULT_RUNGS),
    audio: audio === null ? null : AUDIO_PLAN,
    deinterlace: video?.interlaced ?? false,
    toneMap: video?.hdr ?? false,
    x264Preset: options.x264Preset,
  };
  return { ok: true, plan };
}

function reject(code: 'no_media_streams' | 'unsupported_media', message: string): PlanResult {
  return { ok: false, code, message };
}

function isDecodableVideo(video: SourceVideo): boolean {
  return (
    !UNDECODABLE_CODECS.has(video.codec) &&
    video.width > 0 &&
    video.height > 0 &&
    isValidFrameRate(video.frameRate)
  );
}

/** Display size: the sample aspect ratio stretches the width, then a 90/270 rotation swaps the sides. */
export function displaySize(video: SourceVideo): { readonly width: number; readonly height: number } {
  const sar = video.sampleAspect;
  const stretch = isValidFrameRate(sar) ? sar.num / sar.den : 1;
  const width = video.width * stretch;
  const height = video.height;
  const swap = video.rotationDeg === 90 || video.rotationDeg === 270;
  return swap ? { width: height, height: width } : { width, height };
}

function roundEven(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2);
}

function floorEven(value: number): number {
  return Math.max(2, Math.floor(value / 2) * 2);
}

function planRungs(
  video: SourceVideo,
  frameRate: FrameRate,
  rungs: readonly RungSpec[],
): readonly VideoRungPlan[] {
  const display = displaySize(video);
  const landscape = display.width >= display.height;
  const sourceShort = Math.min(display.width, display.height);
  const aspect = Math.max(display.width, display.height) / sourceShort;
  const byHeight = [...rungs].sort((a, b) => b.shortSide - a.shortSide);
  const fitting = byHeight.filter((rung) => rung.shortSide <= sourceShort);
  const lowest = byHeight[byHeight.length - 1];
  const chosen: readonly RungSpec[] =
    fitting.length > 0 || lowest === undefined ? fitting : [{ ...lowest, shortSide: floorEven(sourceShort) }];
  const highFrameRate = framesPerSecondOf(frameRate) > HIGH_FRAME_RATE_ABOVE_FPS;

  return chosen.map((rung) => {
    const short = rung.shortSide;
    const long = roundEven(short * aspect);
    const width = landscape ? long : short;
    const height = landscape ? short : long;
    const maxrateBps = Math.round(rung.maxrateBps * (highFrameRate ? HIGH_FRAME_RATE_CAP_FACTOR : 1));
    const bufsizeBits = maxrateBps * BUFSIZE_SECONDS;
    return {
      id: `${short}p`,
      width,
      height,
      crf: rung.crf,
      maxrateBps,
      bufsizeBits,
      profile: 'high',
      level: chooseH264Level({ width, height, frameRate, maxrateBps, bufsizeBits }),
    };
  });
}
