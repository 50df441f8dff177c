/**
 * The complexity probe output of a transcode (per-title ladders): sampled frames of the same decode, scaled to
 * the top rung and encoded fast at a fixed quality into a raw H.264 stream whose size is the measurement.
 * Pure. A filtergraph of its own on [0:v]: ffmpeg decodes the input once and feeds every graph that reads it.
 */
import type { LadderPlan } from '../domain/ladder-plan.js';
import type { ComplexityProbeSpec } from '../ports.js';

export function probeOutput(
  plan: LadderPlan,
  probe: ComplexityProbeSpec,
): { readonly args: readonly string[]; readonly path: string } {
  const chain = [
    `fps=${plan.frameRate.num}/${plan.frameRate.den}:start_time=0`, // the frames the rungs see
    `select=lt(mod(n\\,${probe.samplePeriodFrames})\\,${probe.sampleFrames})`, // sample windows only
    `scale=${probe.width}:${probe.height}`, // the top rung's size: detail that matters there counts
    'format=yuv420p',
  ];
  const args: string[] = [];
  args.push('-filter_complex', `[0:v]${chain.join(',')}[probe]`);
  args.push('-map', '[probe]');
  args.push('-c:v', 'libx264'); // the codec the ladder uses, so its difficulty is what we measure
  args.push('-preset', 'ultrafast'); // cheap: the probe must cost a small fraction of the ladder
  args.push('-crf', String(probe.crf)); // fixed quality: the size is the measure of complexity
  args.push('-fps_mode', 'passthrough'); // keep the selected frames as they are, no duplicates for gaps
  args.push('-map_metadata', '-1'); // nothing but the stream
  args.push('-f', 'h264'); // raw Annex B: bytes on disk are the coded size, no container overhead
  return { args, path: probe.outputPath };
}
