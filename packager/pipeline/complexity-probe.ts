/**
 * The complexity probe's two ends: what to ask the sampler for, and what its output measures (bits per
 * pixel of sampled frames at the top rung's size, x264 ultrafast at PROBE_CRF).
 */
import type { FrameRate } from '../../manifests/model.js';
import { msToFrames } from '../domain/frame-rate.js';
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

/**
 * Bits per pixel of a probe sampled from the source on its own, before any encode: every run plans its
 * ladder before its encode starts (a whole-source run's single encode, a chunked run's parts).
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
  const totalFrames = Math.round(msToFrames(durationMs, frameRate));
  const bytes = await sampler.sample(sourcePath, { frameRate, totalFrames, probe }, options);
  return bitsPerPixelOf(bytes, probeFrameCount(totalFrames, probe), size);
}

export function bitsPerPixelOf(
  sizeBytes: number,
  frames: number,
  size: { readonly width: number; readonly height: number },
): number | null {
  if (sizeBytes <= 0 || frames <= 0) return null;
  return (sizeBytes * 8) / (frames * size.width * size.height);
}
