/**
 * The complexity probe's two ends: what to ask the sampler for, and what its frames measure: the bits per
 * pixel an encode at the top rung's size spends per frame (x264 ultrafast at PROBE_CRF), with one IDR per
 * segment as the real encode has.
 *
 * Every window is encoded on its own, so it starts with an IDR, which costs what the picture costs to code
 * on its own; the frames after it cost what changes. Counting the window's bytes as they come weighs the IDR
 * once per window instead of once per segment: measured on a still-slides source, 0.018 with windows of 30
 * frames and 0.035 with windows of 15, all of it the IDRs. Weighing each window's IDR as the encode will
 * (one per gopFrames) measures the same thing whatever the window's length, so the windows can be short.
 */
import type { FrameRate } from '../../manifests/model.js';
import { msToFrames } from '../domain/frame-rate.js';
import type { ComplexityProbeSpec, ComplexitySampler, MediaToolOptions, ProbeWindows } from '../ports.js';
import { PROBE_CRF, probeSampling } from './per-title-ladder.js';

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
  source: { readonly durationMs: number; readonly frameRate: FrameRate; readonly gopFrames: number },
  size: { readonly width: number; readonly height: number },
  probePath: string,
  options: MediaToolOptions,
): Promise<number | null> {
  const { durationMs, frameRate } = source;
  const probe = probeSpecFor(size, durationMs, frameRate, probePath);
  const totalFrames = Math.round(msToFrames(durationMs, frameRate));
  const windows = await sampler.sample(sourcePath, { frameRate, totalFrames, probe }, options);
  return segmentBitsPerPixel(windows, source.gopFrames, size);
}

/**
 * Bits per pixel per frame of an encode with an IDR every `gopFrames`, from the windows' frame sizes: each
 * window's first frame (its IDR) weighs 1/gopFrames and the mean of the rest (gopFrames - 1)/gopFrames; a
 * window of one frame counts that frame as its mean. Windows weigh the same. Null with no frame.
 */
export function segmentBitsPerPixel(
  windows: ProbeWindows,
  gopFrames: number,
  size: { readonly width: number; readonly height: number },
): number | null {
  const gop = Math.max(1, gopFrames);
  const perFrame = windows.flatMap(([idr, ...predicted]) => {
    if (idr === undefined) return [];
    const predictedMean = predicted.length > 0 ? sum(predicted) / predicted.length : idr;
    return [(idr + (gop - 1) * predictedMean) / gop];
  });
  if (perFrame.length === 0 || size.width <= 0 || size.height <= 0) return null;
  return ((sum(perFrame) / perFrame.length) * 8) / (size.width * size.height);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
