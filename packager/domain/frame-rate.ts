/**
 * Rational frame-rate arithmetic for ladder planning. Pure; rates stay rationals (24000/1001 is never
 * rounded to 23.976) so GOP sizes and manifests agree with what the encoder produces.
 */
import type { FrameRate } from '../../manifests/model.js';

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** True for a finite rate above zero with integer terms (ffprobe reports `0/0` for unknown). */
export function isValidFrameRate(rate: FrameRate): boolean {
  return Number.isSafeInteger(rate.num) && Number.isSafeInteger(rate.den) && rate.num > 0 && rate.den > 0;
}

/** The same rate in lowest terms (60/2 -> 30/1; 24000/1001 stays). */
export function reduceFrameRate(rate: FrameRate): FrameRate {
  const divisor = gcd(rate.num, rate.den);
  return { num: rate.num / divisor, den: rate.den / divisor };
}

export function framesPerSecondOf(rate: FrameRate): number {
  return rate.num / rate.den;
}

/** How long `frames` frames last at `rate`, in ms (0 for an unknown rate). */
export function framesToMs(frames: number, rate: FrameRate): number {
  return rate.num > 0 ? (frames * rate.den * 1000) / rate.num : 0;
}

/** How many frames at `rate` fit in `ms`, unrounded (the caller rounds as it needs; 0 for an unknown rate). */
export function msToFrames(ms: number, rate: FrameRate): number {
  return rate.den > 0 ? (ms * rate.num) / (rate.den * 1000) : 0;
}

/**
 * The frames of a presentation `ms` long at `rate`, at least one: what a video encode writes (its last picture
 * repeated when the video stream ends sooner) and what a provisional presentation declares.
 */
export function durationFrames(ms: number, rate: FrameRate): number {
  return Math.max(1, Math.round(msToFrames(ms, rate)));
}

/** A rate within this fraction above the cap is the cap measured with noise (a VFR phone's 60.02 fps). */
const CAP_TOLERANCE = 0.05;

/**
 * The source rate, capped at `maxFramesPerSecond`. Above the cap the rate is divided by the smallest whole
 * number that brings it under (120 -> 60, 119.88 -> 59.94, 100 -> 50), so the output keeps every n-th frame
 * at an even cadence instead of dropping frames irregularly, which judders. A rate just above the cap
 * (measurement noise) becomes the cap itself.
 */
export function capFrameRate(rate: FrameRate, maxFramesPerSecond: number): FrameRate {
  const reduced = reduceFrameRate(rate);
  const fps = framesPerSecondOf(reduced);
  if (fps <= maxFramesPerSecond) return reduced;
  if (fps <= maxFramesPerSecond * (1 + CAP_TOLERANCE)) return { num: maxFramesPerSecond, den: 1 };
  const divisor = Math.ceil(fps / maxFramesPerSecond);
  return reduceFrameRate({ num: reduced.num, den: reduced.den * divisor });
}

/** Whole frames in `durationMs` at `rate`, rounded to the nearest frame. */
export function framesIn(durationMs: number, rate: FrameRate): number {
  return Math.round((rate.num * durationMs) / (rate.den * 1000));
}
