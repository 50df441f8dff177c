/**
 * A packaging plan: what the transcoder must produce for one source. Made by `planLadder` (pure) from the
 * probed source; turned into an ffmpeg argument list by `packager/ffmpeg/args.ts`.
 */
import type { FrameRate } from '../../manifests/model.js';

export interface VideoRungPlan {
  /** Rendition id and folder name (`1080p`, `720p`). */
  readonly id: string;
  /** Output size in pixels, both even, aspect ratio of the (rotated) source kept. */
  readonly width: number;
  readonly height: number;
  /** x264 constant rate factor: the quality target. */
  readonly crf: number;
  /** Capped CRF: VBV max rate and buffer, so no segment exceeds what the rung promises. */
  readonly maxrateBps: number;
  readonly bufsizeBits: number;
  /** H.264 profile and level (`high`, `4.0`). */
  readonly profile: 'baseline' | 'main' | 'high';
  readonly level: string;
}

export interface AudioPlan {
  readonly id: string;
  readonly bitrateBps: number;
  readonly channels: 2;
  readonly sampleRateHz: 48000;
}

export interface LadderPlan {
  /** Output frame rate: the source's, capped (e.g. at 60). */
  readonly frameRate: FrameRate;
  /** Nominal segment duration; every GOP is exactly this long and closed. */
  readonly segmentDurationMs: number;
  /** Frames per GOP = frameRate * segmentDuration. */
  readonly gopFrames: number;
  /** Video rungs, highest first; empty for an audio-only source. */
  readonly video: readonly VideoRungPlan[];
  /** Null for a source without audio. */
  readonly audio: AudioPlan | null;
  /** Filters the source needs before scaling. */
  readonly deinterlace: boolean;
  /** Tone-map HDR to SDR BT.709 before the 8-bit conversion. */
  readonly toneMap: boolean;
  readonly x264Preset: string;
}

export type PlanResult =
  | { readonly ok: true; readonly plan: LadderPlan }
  | { readonly ok: false; readonly code: 'no_media_streams' | 'unsupported_media'; readonly message: string };
