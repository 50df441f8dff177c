/**
 * What ffprobe found in a source, reduced to the facts ladder planning needs. Produced by the Prober
 * adapter; pure data.
 */
import type { FrameRate } from '../../manifests/model.js';

export interface SourceVideo {
  /** Codec name as ffprobe reports it (`h264`, `hevc`, `vp9`, `mpeg4`). */
  readonly codec: string;
  /** Coded size in pixels, before rotation. */
  readonly width: number;
  readonly height: number;
  /** Sample aspect ratio (1/1 for square pixels). */
  readonly sampleAspect: FrameRate;
  /** Clockwise display rotation in degrees, normalised to 0, 90, 180 or 270. */
  readonly rotationDeg: 0 | 90 | 180 | 270;
  /** Average frame rate (`avg_frame_rate`), falling back to `r_frame_rate`. */
  readonly frameRate: FrameRate;
  /** True when the stream is interlaced (field_order other than progressive/unknown). */
  readonly interlaced: boolean;
  readonly pixelFormat: string;
  /** Bits per sample of the pixel format (8, 10, 12). */
  readonly bitDepth: number;
  /** True for HDR transfer functions (smpte2084 PQ, arib-std-b67 HLG). */
  readonly hdr: boolean;
  /**
   * The video stream's own duration when it states one; it may end before the audio (SourceMedia.durationMs
   * is the longer of the two): nothing is cut after it.
   */
  readonly durationMs?: number;
}

export interface SourceAudio {
  readonly codec: string;
  readonly channels: number;
  readonly sampleRateHz: number;
}

export interface SourceMedia {
  /** Container format name(s) as ffprobe reports them (`mov,mp4,m4a,3gp,3g2,mj2`). */
  readonly formatName: string;
  readonly durationMs: number;
  /** The first decodable video stream, or null. */
  readonly video: SourceVideo | null;
  /** The first decodable audio stream, or null. */
  readonly audio: SourceAudio | null;
}
