/**
 * Per-title ladders: the complexity probe (sampled frames at the top rung's size, x264 ultrafast at a fixed
 * CRF; see ComplexityProbeSpec) says how hard the source is to compress, and the ladder follows. Pure.
 *
 * - low (slides, screen recordings, flat animation): bits are cheap, so every rung above the lowest gets a
 *   higher CRF (+4 measured about 30% fewer bits at an SSIM 0.001-0.002 lower on slides), and rungs whose
 *   picture is under 2.2x the pixels of the next lower rung are dropped: their bit rates would sit too close
 *   together to be worth a switch.
 * - high (grain, water, confetti, sports): the VBV caps are what limits quality, so rungs above the lowest
 *   get 1.5x the caps; CRF still decides wherever the cap does not bind, so no rung gets worse.
 * - normal: the default ladder.
 * The lowest rung is never changed: it is what the slowest networks get whatever the source, and a fallback
 * that stays the same from one packaging to the next.
 */
import type { FrameRate } from '../../manifests/model.js';
import { DEFAULT_RUNGS, type RungSpec } from '../domain/ladder.js';

export type ComplexityClass = 'low' | 'normal' | 'high';

/**
 * Probe settings: x264 ultrafast at this CRF, half a second of every 10 s (at most PROBE_MAX_SAMPLES
 * windows). Half a second measures what a whole one does (the IDR is weighed apart, complexity-probe.ts) in
 * half the decode and encode: 6 windows of a 1080p minute took 0.9 s instead of 1.6 s, side by side.
 */
export const PROBE_CRF = 23;
const SAMPLE_SECONDS = 0.5;
const SAMPLE_PERIOD_SECONDS = 10;
/**
 * The probe runs before any encode starts, one short ffmpeg run per window (sampled-probe-args.ts), so its
 * time grows with the windows (1080p here, windows of a second: 6 windows 1.8-1.9 s, 12 windows 4.6-4.7 s).
 * Twelve spread over a long source classify it as well (three classes) at a bounded cost.
 */
const PROBE_MAX_SAMPLES = 12;

/**
 * Bits per pixel of the probe below which a source is `low`, above which it is `high` (calibrated on lavfi
 * sources: slides 0.018, testsrc2 0.23, testsrc2 with temporal noise 0.72; the media of the test set measure
 * 0.001-0.044 for static scenes, 0.08-0.24 for the rest, each in the class it had with the windows of a
 * second).
 */
export const LOW_COMPLEXITY_BPP = 0.06;
export const HIGH_COMPLEXITY_BPP = 0.4;

const LOW_CRF_DELTA = 4;
const LOW_MIN_PIXEL_RATIO = 2.2;
const HIGH_CAP_FACTOR = 1.5;

export interface PerTitleDecision {
  readonly complexity: ComplexityClass;
  /** Probe bits per pixel; null when there was no probe (audio-only, or per-title turned off). */
  readonly bitsPerPixel: number | null;
  /** The rungs to plan the ladder with (planLadder's `rungs`). */
  readonly rungs: readonly RungSpec[];
}

/** Which frames the probe encodes: `sampleFrames` of every `samplePeriodFrames`, by output frame number. */
export function probeSampling(
  durationMs: number,
  frameRate: FrameRate,
): { readonly samplePeriodFrames: number; readonly sampleFrames: number } {
  const fps = frameRate.num / frameRate.den;
  const periodSeconds = Math.max(SAMPLE_PERIOD_SECONDS, durationMs / 1000 / PROBE_MAX_SAMPLES);
  return {
    samplePeriodFrames: Math.max(2, Math.round(periodSeconds * fps)),
    sampleFrames: Math.max(1, Math.round(SAMPLE_SECONDS * fps)),
  };
}

export function classifyComplexity(bitsPerPixel: number): ComplexityClass {
  if (bitsPerPixel < LOW_COMPLEXITY_BPP) return 'low';
  if (bitsPerPixel > HIGH_COMPLEXITY_BPP) return 'high';
  return 'normal';
}

/**
 * The ladder for a measured probe. `bitsPerPixel` null (no probe) keeps the default ladder. The lowest rung
 * of `base` is kept exactly as it is.
 */
export function decidePerTitleLadder(
  bitsPerPixel: number | null,
  sourceShortSide: number,
  base: readonly RungSpec[] = DEFAULT_RUNGS,
): PerTitleDecision {
  if (bitsPerPixel === null || !Number.isFinite(bitsPerPixel)) {
    return { complexity: 'normal', bitsPerPixel: null, rungs: base };
  }
  const complexity = classifyComplexity(bitsPerPixel);
  // Only the rungs the source fills: the top one is the source's own best; smaller sources keep planLadder's
  // own rule (one rung at the source size).
  const byHeight = [...base]
    .sort((a, b) => b.shortSide - a.shortSide)
    .filter((rung, index, all) => rung.shortSide <= sourceShortSide || index === all.length - 1);
  if (byHeight.length < 2) return { complexity, bitsPerPixel, rungs: base };
  const lowest = byHeight[byHeight.length - 1];
  const isLowest = (rung: RungSpec) => rung === lowest;
  switch (complexity) {
    case 'normal':
      return { complexity, bitsPerPixel, rungs: byHeight };
    case 'high':
      return {
        complexity,
        bitsPerPixel,
        rungs: byHeight.map((rung) =>
          isLowest(rung) ? rung : { ...rung, maxrateBps: Math.round(rung.maxrateBps * HIGH_CAP_FACTOR) },
        ),
      };
    case 'low': {
      const kept: RungSpec[] = [];
      // From the bottom up: a rung stays when it has enough more pixels than the last one kept; the top
      // rung always stays (it sets the best quality on offer).
      for (const rung of [...byHeight].reverse()) {
        const previous = kept[kept.length - 1];
        const isTop = rung === byHeight[0];
        const ratio = previous ? (rung.shortSide / previous.shortSide) ** 2 : Infinity;
        if (isLowest(rung) || isTop || ratio >= LOW_MIN_PIXEL_RATIO) {
          kept.push(isLowest(rung) ? rung : { ...rung, crf: rung.crf + LOW_CRF_DELTA });
        }
      }
      // The top rung may sit too close to the rung kept before it: then that one goes.
      const top = kept[kept.length - 1];
      const belowTop = kept[kept.length - 2];
      if (
        top &&
        belowTop &&
        !isLowest(belowTop) &&
        (top.shortSide / belowTop.shortSide) ** 2 < LOW_MIN_PIXEL_RATIO
      ) {
        kept.splice(kept.length - 2, 1);
      }
      return { complexity, bitsPerPixel, rungs: kept.reverse() };
    }
  }
}
