/**
 * H.264 level selection (ITU-T H.264 Annex A, Table A-1). Pure.
 */
import type { FrameRate } from '../../manifests/model.js';

interface LevelLimits {
  readonly level: string;
  /** Max macroblocks per second. */
  readonly maxMbPerSecond: number;
  /** Max frame size in macroblocks. */
  readonly maxFrameMbs: number;
  /** Max VCL bit rate for Baseline/Main in kbit/s (High allows 1.25x). */
  readonly maxBitrateKbps: number;
  /** Max coded picture buffer for Baseline/Main in kbit (High allows 1.25x). */
  readonly maxCpbKbits: number;
}

// Levels below 3.0 are left out on purpose: every device of the last fifteen years decodes 3.0, and a lower
// level buys nothing for a tiny source.
const LEVELS: readonly LevelLimits[] = [
  { level: '3.0', maxMbPerSecond: 40_500, maxFrameMbs: 1_620, maxBitrateKbps: 10_000, maxCpbKbits: 10_000 },
  { level: '3.1', maxMbPerSecond: 108_000, maxFrameMbs: 3_600, maxBitrateKbps: 14_000, maxCpbKbits: 14_000 },
  { level: '3.2', maxMbPerSecond: 216_000, maxFrameMbs: 5_120, maxBitrateKbps: 20_000, maxCpbKbits: 20_000 },
  { level: '4.0', maxMbPerSecond: 245_760, maxFrameMbs: 8_192, maxBitrateKbps: 20_000, maxCpbKbits: 25_000 },
  { level: '4.1', maxMbPerSecond: 245_760, maxFrameMbs: 8_192, maxBitrateKbps: 50_000, maxCpbKbits: 62_500 },
  { level: '4.2', maxMbPerSecond: 522_240, maxFrameMbs: 8_704, maxBitrateKbps: 50_000, maxCpbKbits: 62_500 },
  {
    level: '5.0',
    maxMbPerSecond: 589_824,
    maxFrameMbs: 22_080,
    maxBitrateKbps: 135_000,
    maxCpbKbits: 135_000,
  },
  {
    level: '5.1',
    maxMbPerSecond: 983_040,
    maxFrameMbs: 36_864,
    maxBitrateKbps: 240_000,
    maxCpbKbits: 240_000,
  },
  {
    level: '5.2',
    maxMbPerSecond: 2_073_600,
    maxFrameMbs: 36_864,
    maxBitrateKbps: 240_000,
    maxCpbKbits: 240_000,
  },
];

/** High profile may use 1.25x the Baseline/Main bit rate and buffer limits (Table A-2, cpbBrVclFactor). */
const HIGH_PROFILE_FACTOR = 1.25;

export interface H264LevelInput {
  readonly width: number;
  readonly height: number;
  readonly frameRate: FrameRate;
  readonly maxrateBps: number;
  readonly bufsizeBits: number;
}

/**
 * The lowest level (3.0 or above) whose limits the High-profile stream fits: frame size and macroblock rate,
 * the VBV max rate and buffer, and the frame-dimension limit (each side at most sqrt(8 * maxFrameMbs) MBs).
 * Falls back to the highest level for anything larger than level 5.2 allows.
 */
export function chooseH264Level(input: H264LevelInput): string {
  const widthMbs = Math.ceil(input.width / 16);
  const heightMbs = Math.ceil(input.height / 16);
  const frameMbs = widthMbs * heightMbs;
  const mbPerSecond = (frameMbs * input.frameRate.num) / input.frameRate.den;
  const fits = (limits: LevelLimits): boolean => {
    const maxSideMbs = Math.sqrt(8 * limits.maxFrameMbs);
    return (
      frameMbs <= limits.maxFrameMbs &&
      widthMbs <= maxSideMbs &&
      heightMbs <= maxSideMbs &&
      mbPerSecond <= limits.maxMbPerSecond &&
      input.maxrateBps <= limits.maxBitrateKbps * 1000 * HIGH_PROFILE_FACTOR &&
      input.bufsizeBits <= limits.maxCpbKbits * 1000 * HIGH_PROFILE_FACTOR
    );
  };
  const chosen = LEVELS.find(fits) ?? LEVELS[LEVELS.length - 1];
  return chosen?.level ?? '5.2';
}
