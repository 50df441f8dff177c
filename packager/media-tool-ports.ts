/** The media tools the pipeline runs (ffprobe, ffmpeg): ports with adapters in ffmpeg/. */
import type { FrameRate } from '../manifests/model.js';
import type { LadderPlan } from './domain/ladder-plan.js';
import type { SourceMedia } from './domain/media-source.js';
import type { PartImageShare } from './images/part-image-share.js';
import type { Logger } from './platform-ports.js';

// ---------------------------------------------------------------------------------------------------------
// Media tools

export interface MediaToolOptions {
  /** Aborting kills the child process and rejects with `cancelled`. */
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
}

/** Reads a source file's streams (ffprobe). An unreadable file throws `source_unreadable`. */
export interface Prober {
  probe(filePath: string, options?: MediaToolOptions): Promise<SourceMedia>;
}

/** Files one transcode produced for one rendition, in a local folder. */
export interface TranscodedRendition {
  readonly id: string;
  readonly type: 'video' | 'audio';
  readonly initPath: string;
  /** Media segment files in presentation order. */
  readonly segmentPaths: readonly string[];
}

/** A part of the source in seconds as ffmpeg parses them (`12.5`): one chunk of a split-and-stitch encode. */
export interface InputWindow {
  readonly startSeconds: string;
  /** Null: to the end of the source. */
  readonly durationSeconds: string | null;
}

export interface TranscodeOptions extends MediaToolOptions {
  /** Called with 0..100 as the encode advances (throttling is the caller's choice). */
  readonly onProgress?: (percent: number) => void;
  /** The probed source duration (SourceMedia.durationMs) that percent is measured against; without it only
   * the final 100 is reported. */
  readonly sourceDurationMs?: number;
  /** Called with how far the encode is, in ms of media from its start, as ffmpeg reports it (twice a second). */
  readonly onEncodedTo?: (mediaMs: number) => void;
  /** ffmpeg threads; 0 lets ffmpeg choose. */
  readonly threads?: number;
  /**
   * `background`: the encode yields the CPU to normal work on the machine (a long source's chunk parts yield
   * to the whole-source encodes of short uploads); default `normal`.
   */
  readonly priority?: 'normal' | 'background';
  /** Encode only this part of the source (split-and-stitch chunks); the whole source when absent. */
  readonly window?: InputWindow;
  /**
   * Video frames to write at the plan's frame rate: the source's duration in frames (durationFrames), or the
   * window's. The video is padded with its last picture and the audio with silence to that length, and both
   * are cut there, so they end together even when the source's streams do not (M6 wants as many audio
   * segments as video ones). Absent: each stream as long as the source has it.
   */
  readonly frames?: number;
  /**
   * Called while the encode runs whenever more is complete: every rendition that has its init segment and at
   * least one finished media segment, with its finished segments from the first on (no gap). Never called
   * after the transcode settles.
   */
  readonly onSegmentsWritten?: (renditions: readonly TranscodedRendition[]) => void;
  /** Images to take from the encode's own pictures as it runs (a whole-source encode). */
  readonly images?: EncodeImagesSpec;
}

/**
 * The images an encode writes as it runs, as JPEG files under `dir` (images/rendered-images.ts says where):
 * a thumbnail every `intervalMs` from 0 at the lowest rung's size, a poster of the frame at (or first after)
 * `posterAtMs` at the top rung's size and at the lowest's.
 */
export interface EncodeImagesSpec {
  readonly dir: string;
  readonly intervalMs: number;
  readonly posterAtMs: number;
  /** A chunk's encode takes only its share (numbered as in the whole grid); absent: the whole source. */
  readonly part?: PartImageShare;
}

/**
 * A quick encode of sampled frames at the top rung's size at a fixed quality: the size of its frames says how
 * hard the source is to compress where it matters most. Sample frames are chosen by the encoder's frame
 * number n: those with n mod samplePeriodFrames < sampleFrames; each window of them is encoded on its own.
 */
export interface ComplexityProbeSpec {
  readonly width: number;
  readonly height: number;
  readonly samplePeriodFrames: number;
  readonly sampleFrames: number;
  /** x264 CRF of the probe encode (preset ultrafast). */
  readonly crf: number;
  /** Local path the probe's files are written beside (`<outputPath>.<window>`), and removed again. */
  readonly outputPath: string;
}

/**
 * Encodes a complexity probe of a source on its own, before any encode, decoding only the sampled frames,
 * and resolves to the encoded size in bytes of every frame of every window, in order (a window's first frame
 * is its IDR; no window: nothing to sample): every run plans its per-title ladder with it before its encode
 * starts. Fails with `transcode_failed` or `cancelled`.
 */
export interface ComplexitySampler {
  sample(
    sourcePath: string,
    request: {
      readonly frameRate: FrameRate;
      /** Output frames of the whole source at `frameRate`. */
      readonly totalFrames: number;
      readonly probe: ComplexityProbeSpec;
    },
    options?: MediaToolOptions,
  ): Promise<ProbeWindows>;
}

/** Per sampled window, the encoded size of each of its frames in bytes. */
export type ProbeWindows = readonly (readonly number[])[];

/**
 * Encodes a source into CMAF fMP4 per the plan: one process, one decode, one track per file. Fails with
 * `transcode_failed` (details carry the stderr tail) or `cancelled`.
 */
export interface Transcoder {
  transcode(
    sourcePath: string,
    plan: LadderPlan,
    outputDir: string,
    options?: TranscodeOptions,
  ): Promise<readonly TranscodedRendition[]>;
}
