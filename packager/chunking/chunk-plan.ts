/**
 * Where a long source is cut for a split-and-stitch encode. Pure. Cuts fall on segment boundaries (whole GOPs
 * of the plan), so every chunk starts with the IDR its first segment starts with anyway: stitching costs no
 * extra keyframe and the chunked encode matches the unchunked one frame for frame.
 */
import { AppError } from '../domain/errors.js';
import { framesToMs } from '../domain/frame-rate.js';
import type { LadderPlan } from '../domain/ladder-plan.js';
import type { InputWindow } from '../ports.js';

export interface ChunkingOptions {
  /** Sources longer than this are chunked; shorter ones are encoded by one job. */
  readonly thresholdMs: number;
  /** Aimed-for chunk length; rounded to whole segments. */
  readonly chunkDurationMs: number;
}

export interface ChunkSpec {
  /** 0-based position in the source. */
  readonly index: number;
  /** First output frame of the chunk (a multiple of the plan's gopFrames). */
  readonly startFrame: number;
  /** Output frames in the chunk; null for the last chunk, which runs to the end of the source. */
  readonly frameCount: number | null;
  /** The input seek that encodes exactly these frames. */
  readonly window: InputWindow;
}

/**
 * The chunks of a source, or null when it is encoded whole: audio-only, not longer than the threshold, or
 * too short for two chunks. Chunks hold a whole number of segments; the last takes the remainder, between
 * half and one and a half chunk lengths, so no chunk is a sliver. No chunk starts after the video's end
 * (`videoDurationMs`, when the video stream states it): a source whose audio outlasts its video by more
 * than that has its last chunk run on to the end, its last picture held (TranscodeOptions.frames), since a
 * chunk with no picture of its own has nothing to hold.
 */
export function planChunks(
  durationMs: number,
  plan: Pick<LadderPlan, 'frameRate' | 'gopFrames' | 'video'>,
  options: ChunkingOptions,
  videoDurationMs?: number,
): ChunkSpec[] | null {
  if (plan.video.length === 0 || plan.gopFrames <= 0 || plan.frameRate.num <= 0) return null;
  if (!(durationMs > options.thresholdMs)) return null;
  const framesIn = (ms: number) => Math.floor((ms * plan.frameRate.num) / (1000 * plan.frameRate.den));
  const totalFrames = framesIn(durationMs);
  const segmentMs = framesToMs(plan.gopFrames, plan.frameRate);
  const segmentsPerChunk = Math.max(1, Math.round(options.chunkDurationMs / segmentMs));
  const chunkFrames = segmentsPerChunk * plan.gopFrames;
  const videoFrames = videoDurationMs === undefined ? totalFrames : framesIn(videoDurationMs);
  const count = Math.min(Math.round(totalFrames / chunkFrames), Math.ceil(videoFrames / chunkFrames));
  if (count < 2) return null;
  return Array.from({ length: count }, (_, index): ChunkSpec => {
    const startFrame = index * chunkFrames;
    const last = index === count - 1;
    return {
      index,
      startFrame,
      frameCount: last ? null : chunkFrames,
      window: {
        startSeconds: framesToSeconds(startFrame, plan.frameRate),
        durationSeconds: last ? null : framesToSeconds(chunkFrames, plan.frameRate),
      },
    };
  });
}

/**
 * `frames` at `rate` in seconds with microsecond precision, as ffmpeg parses it. Chunk boundaries are whole
 * GOPs, which for every common rate (30, 29.97, 25, 24, 23.976, 60, 59.94, 50) is a whole number of
 * microseconds, so the seek lands exactly on the boundary frame; the stitch checks the result (F3) anyway.
 */
export function framesToSeconds(frames: number, rate: { num: number; den: number }): string {
  const micros = Math.round((frames * rate.den * 1_000_000) / rate.num);
  const whole = Math.floor(micros / 1_000_000);
  const fraction = String(micros % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return fraction === '' ? String(whole) : `${whole}.${fraction}`;
}

/** Where chunk `startFrame` begins on a track of `timescale`, in ticks; throws when not a whole tick. */
export function chunkStartTicks(
  startFrame: number,
  rate: { num: number; den: number },
  timescale: number,
): number {
  const numerator = BigInt(startFrame) * BigInt(rate.den) * BigInt(timescale);
  const denominator = BigInt(rate.num);
  if (numerator % denominator !== 0n) {
    throw new AppError(
      'transcode_failed',
      `F3: chunk start frame ${startFrame} at ${rate.num}/${rate.den} fps is not a whole tick of timescale ${timescale}`,
      { details: { rule: 'F3', startFrame, timescale } },
    );
  }
  return Number(numerator / denominator);
}
