/**
 * The complexity probe, before any encode: the first `sampleFrames` of every `samplePeriodFrames` output
 * frames, read by seeking to each window, so it costs a decode of the samples only, not of the source. Pure.
 *
 * One input per window (`-ss` before `-i`: seek to the keyframe before it, decode from there, timestamps
 * restarting at 0), each cut to the window's frames at the output frame rate, joined, scaled to the top
 * rung's size and encoded at x264 `ultrafast` with the probe's CRF: the size of that stream is the measure.
 */
import type { FrameRate } from '../../manifests/model.js';
import type { ComplexityProbeSpec } from '../ports.js';

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

/** The argv (without the binary and runFfmpegToEnd's global flags); null when there is no frame to sample. */
export function buildSampledProbeArgs(input: SampledProbeInput): string[] | null {
  const { probe, frameRate } = input;
  const starts = sampleWindowStarts(input.totalFrames, probe);
  if (starts.length === 0 || frameRate.num <= 0 || frameRate.den <= 0) return null;
  const rate = `${frameRate.num}/${frameRate.den}`;
  const args: string[] = [];
  const chains: string[] = [];
  starts.forEach((start, index) => {
    // One frame more than the window: the fps filter then has the frame after the window's last one and
    // never has to guess whether the last one lasts.
    args.push('-ss', seconds(start, frameRate), '-t', seconds(probe.sampleFrames + 1, frameRate));
    args.push('-i', input.sourcePath);
    chains.push(
      `[${index}:v:0]fps=${rate},trim=end_frame=${probe.sampleFrames},setpts=PTS-STARTPTS[s${index}]`,
    );
  });
  const joined = starts.map((_, index) => `[s${index}]`).join('');
  const tail = `concat=n=${starts.length}:v=1:a=0,scale=${probe.width}:${probe.height},format=yuv420p[probe]`;
  args.push('-filter_complex', [...chains, `${joined}${tail}`].join(';'));
  args.push('-map', '[probe]');
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-crf', String(probe.crf));
  args.push('-map_metadata', '-1', '-f', 'h264', probe.outputPath);
  return args;
}

/** `frames` at `frameRate` in seconds as ffmpeg parses them, to the microsecond. */
function seconds(frames: number, frameRate: FrameRate): string {
  return ((frames * frameRate.den) / frameRate.num).toFixed(6);
}
