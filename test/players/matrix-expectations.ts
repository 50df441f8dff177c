/**
 * What each source of the matrix must become. Every case is packaged (none is refused): the ladder planner
 * handles all of them (rotation, odd sizes, 10-bit, interlacing, 5.1, VFR, sparse keyframes are conditioned
 * by the transcode), so there is no error code to document for this matrix.
 */
import type { MatrixSourceId } from '../fixtures/source-matrix.js';

export interface VideoRungExpectation {
  readonly id: string;
  readonly width: number;
  readonly height: number;
}

export interface ReadyExpectation {
  readonly status: 'ready';
  /** Highest first, as the API lists them. */
  readonly video: readonly VideoRungExpectation[];
  readonly audio: boolean;
  /** Frames per second of every rung, to 3 decimals. */
  readonly frameRate?: string;
}

const rung = (id: string, width: number, height: number): VideoRungExpectation => ({ id, width, height });
const LANDSCAPE_360P = [rung('360p', 640, 360)];

export const MATRIX_EXPECTATIONS: Readonly<Record<MatrixSourceId, ReadyExpectation>> = {
  'landscape-1080p30': {
    status: 'ready',
    video: [
      rung('1080p', 1920, 1080),
      rung('720p', 1280, 720),
      rung('480p', 854, 480),
      rung('360p', 640, 360),
    ],
    audio: true,
    frameRate: '30.000',
  },
  'sd-4x3': { status: 'ready', video: [rung('480p', 640, 480), rung('360p', 480, 360)], audio: true },
  // Rungs are chosen by the short side, so the phone's portrait picture keeps its shape in every rung.
  'portrait-phone': {
    status: 'ready',
    video: [
      rung('1080p', 1080, 1920),
      rung('720p', 720, 1280),
      rung('480p', 480, 854),
      rung('360p', 360, 640),
    ],
    audio: true,
  },
  'fps-60': { status: 'ready', video: LANDSCAPE_360P, audio: true, frameRate: '60.000' },
  'fps-23976': { status: 'ready', video: LANDSCAPE_360P, audio: true, frameRate: '23.976' },
  // 719 lines: no 720p rung (never upscale); the lower rungs keep the aspect ratio with even sizes.
  'odd-1278x719': { status: 'ready', video: [rung('480p', 854, 480), rung('360p', 640, 360)], audio: true },
  // Coded 640x360, shown turned 90 degrees: the ladder is planned on the displayed (portrait) picture.
  'rotated-phone': { status: 'ready', video: [rung('360p', 360, 640)], audio: true },
  'no-audio': { status: 'ready', video: LANDSCAPE_360P, audio: false },
  'audio-only': { status: 'ready', video: [], audio: true },
  'surround-5-1': { status: 'ready', video: LANDSCAPE_360P, audio: true },
  'variable-frame-rate': { status: 'ready', video: LANDSCAPE_360P, audio: true },
  'short-1500ms': { status: 'ready', video: LANDSCAPE_360P, audio: true },
  'long-60s': { status: 'ready', video: LANDSCAPE_360P, audio: true },
  'sparse-keyframes': { status: 'ready', video: LANDSCAPE_360P, audio: true },
  // 720x576 square pixels is 5:4.
  interlaced: {
    status: 'ready',
    video: [rung('480p', 600, 480), rung('360p', 450, 360)],
    audio: true,
    frameRate: '25.000',
  },
  'ten-bit': { status: 'ready', video: LANDSCAPE_360P, audio: true },
};
