/**
 * The complexity probe's two ends: what to ask the transcoder for, and what its output measures (bits per
 * pixel of sampled frames at the top rung's size, x264 ultrafast at PROBE_CRF).
 */
import fs from 'node:fs/promises';
import type { FrameRate, Presentation } from '../../manifests/model.js';
import type { ComplexityProbeSpec } from '../ports.js';
import { PROBE_CRF, probeFrameCount, probeSampling } from './per-title-ladder.js';

export function probeSpecFor(
  size: { readonly width: number; readonly height: number },
  sourceDurationMs: number,
  frameRate: FrameRate,
  outputPath: string,
): ComplexityProbeSpec {
  return { ...size, ...probeSampling(sourceDurationMs, frameRate), crf: PROBE_CRF, outputPath };
}

/** Output frames of a stage, from its first video rendition's measured duration. */
export function framesOf(presentation: Presentation): number {
  const video = presentation.video[0];
  if (!video) return 0;
  const ticks = video.segments.reduce((sum, segment) => sum + segment.durationTicks, 0);
  return Math.round((ticks * video.frameRate.num) / (video.timescale * video.frameRate.den));
}

/** Bits per pixel of the probe written at `probePath`; null when it is missing or empty. */
export async function probeBitsPerPixel(
  probePath: string,
  presentation: Presentation,
  size: { readonly width: number; readonly height: number },
  sourceDurationMs: number,
): Promise<number | null> {
  const video = presentation.video[0];
  if (!video) return null;
  const sizeBytes = await fs.stat(probePath).then(
    (stat) => stat.size,
    () => 0,
  );
  const frames = probeFrameCount(framesOf(presentation), probeSampling(sourceDurationMs, video.frameRate));
  return bitsPerPixelOf(sizeBytes, frames, size);
}

export function bitsPerPixelOf(
  sizeBytes: number,
  frames: number,
  size: { readonly width: number; readonly height: number },
): number | null {
  if (sizeBytes <= 0 || frames <= 0) return null;
  return (sizeBytes * 8) / (frames * size.width * size.height);
}
