/**
 * The complexity probe's two ends: what to ask the transcoder for, and what its output measures (bits per
 * pixel of sampled frames at the top rung's size, x264 ultrafast at PROBE_CRF).
 */
import fs from 'node:fs/promises';
import type { FrameRate, Presentation } from '../../manifests/model.js';
import type { ComplexityProbeSpec, ComplexitySampler, MediaToolOptions } from '../ports.js';
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
  const frames = probeFrameCount(framesOf(presentation), probeSampling(sourceDurationMs, video.frameRate));
  return bitsPerPixelOf(await fileSize(probePath), frames, size);
}

/**
 * Bits per pixel of a probe sampled from the source on its own, before any encode (a chunked run plans its
 * ladder before its parts start); the same frames as the in-transcode probe, so the same verdict.
 */
export async function sampleBitsPerPixel(
  sampler: ComplexitySampler,
  sourcePath: string,
  source: { readonly durationMs: number; readonly frameRate: FrameRate },
  size: { readonly width: number; readonly height: number },
  probePath: string,
  options: MediaToolOptions,
): Promise<number | null> {
  const { durationMs, frameRate } = source;
  const probe = probeSpecFor(size, durationMs, frameRate, probePath);
  const totalFrames =
    frameRate.num > 0 ? Math.round((durationMs * frameRate.num) / (frameRate.den * 1000)) : 0;
  await sampler.sample(sourcePath, { frameRate, totalFrames, probe }, options);
  return bitsPerPixelOf(await fileSize(probePath), probeFrameCount(totalFrames, probe), size);
}

function fileSize(filePath: string): Promise<number> {
  return fs.stat(filePath).then(
    (stat) => stat.size,
    () => 0,
  );
}

export function bitsPerPixelOf(
  sizeBytes: number,
  frames: number,
  size: { readonly width: number; readonly height: number },
): number | null {
  if (sizeBytes <= 0 || frames <= 0) return null;
  return (sizeBytes * 8) / (frames * size.width * size.height);
}
