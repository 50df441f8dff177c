/**
 * The complexity probe, before any encode: the first `sampleFrames` of every `samplePeriodFrames` output
 * frames, read by seeking to each window, so it costs a decode of the samples only, not of the source. Pure.
 *
 * One ffmpeg run per window (`-ss` before `-i`: seek to the keyframe before it, decode from there, timestamps
 * restarting at 0), cut to the window's frames at the output frame rate, scaled to the top rung's size and
 * encoded at x264 `ultrafast` with the probe's CRF; the window's packets are listed, not kept (`framecrc`: a
 * line per frame with its size), since the measure weighs the window's first frame, its IDR, apart from the
 * predicted ones (pipeline/complexity-probe.ts).
 *
 * A run per window, one per core at a time, rather than one run with an input per window: that one opened
 * every window's decoder at once and grew with the window count (1080p, windows of a second: 6 windows 381 MB
 * and 2.3-2.4 s, 12 windows 647 MB and 5.0-5.6 s); a window's run takes 160 MB at most, and the probe is
 * quicker (6 windows 1.8-1.9 s, 12 windows 4.6-4.7 s, measured side by side).
 *
 * Each run decodes and encodes on one thread (`-threads 1` for both): the runs already fill the cores one
 * each, and the threads ffmpeg would start for the whole machine only cost their start-up and switching on a
 * half-second window (the benchmark's 1080p minute, 2 cores, two runs at a time: 0.77-0.85 s and 1.5-1.6
 * CPU-s against 0.94-1.19 s and 1.8-2.1 CPU-s). x264 ultrafast writes the same frames either way (checked on
 * the slides, testsrc2 and grain sources), so the probe measures what it did.
 */
import type { FrameRate } from '../../manifests/model.js';
import type { ComplexityProbeSpec } from '../ports.js';
import { framesInSeconds, sourceInputOptions } from './args.js';

export interface SampledProbeInput {
  readonly sourcePath: string;
  readonly frameRate: FrameRate;
  /** Output frames of the whole source at `frameRate`. */
  readonly totalFrames: number;
  readonly probe: ComplexityProbeSpec;
}

/** First output frame of each sampled window of a source of `totalFrames` frames. */
export function sampleWindowStarts(totalFrames: number, probe: ComplexityProbeSpec): number[] {
  const starts: number[] = [];
  for (let start = 0; start < totalFrames; start += probe.samplePeriodFrames) starts.push(start);
  return starts;
}

export interface WindowProbeRun {
  /** The argv (without the binary and runFfmpegToEnd's global flags). */
  readonly args: readonly string[];
  /** Where this window's frame list (ffmpeg's `framecrc`) is written. */
  readonly outputPath: string;
}

/** One run per window, in source order; none when there is no frame to sample. */
export function buildWindowProbeRuns(input: SampledProbeInput): WindowProbeRun[] {
  const { probe, frameRate } = input;
  if (frameRate.num <= 0 || frameRate.den <= 0) return [];
  const rate = `${frameRate.num}/${frameRate.den}`;
  return sampleWindowStarts(input.totalFrames, probe).map((start, index) => {
    const outputPath = `${probe.outputPath}.${index}`;
    const chain = [
      `fps=${rate}`,
      `trim=end_frame=${probe.sampleFrames}`,
      'setpts=PTS-STARTPTS',
      `scale=${probe.width}:${probe.height}`,
      'format=yuv420p',
    ].join(',');
    const args = [
      // One frame more than the window: the fps filter then has the frame after the window's last one and
      // never has to guess whether the last one lasts.
      ...['-ss', framesInSeconds(start, frameRate), '-t', framesInSeconds(probe.sampleFrames + 1, frameRate)],
      ...sourceInputOptions(input.sourcePath),
      ...['-threads', '1', '-i', input.sourcePath],
      ...['-filter_complex', `[0:v:0]${chain}[probe]`, '-map', '[probe]'],
      ...['-c:v', 'libx264', '-threads', '1', '-preset', 'ultrafast', '-crf', String(probe.crf)],
      ...['-map_metadata', '-1', '-f', 'framecrc', outputPath],
    ];
    return { args, outputPath };
  });
}
