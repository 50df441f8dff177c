import { describe, expect, it } from 'vitest';
import type { ComplexityProbeSpec } from '../ports.js';
import { buildSampledProbeArgs, sampleWindowStarts } from './sampled-probe-args.js';

const probe: ComplexityProbeSpec = {
  width: 1920,
  height: 1080,
  samplePeriodFrames: 300,
  sampleFrames: 30,
  crf: 23,
  outputPath: '/work/probe.h264',
};
const NTSC = { num: 30000, den: 1001 };

describe('sampled probe arguments', () => {
  it('starts a window every sample period while there are frames', () => {
    expect(sampleWindowStarts(1800, probe)).toEqual([0, 300, 600, 900, 1200, 1500]);
    expect(sampleWindowStarts(1801, probe)).toEqual([0, 300, 600, 900, 1200, 1500, 1800]);
    expect(sampleWindowStarts(0, probe)).toEqual([]);
  });

  it('seeks each window as its own input, cuts it to the sample frames and joins them at the top size', () => {
    const args = buildSampledProbeArgs({
      sourcePath: '/in/a b.mp4',
      frameRate: NTSC,
      totalFrames: 650,
      probe,
    });
    expect(args).not.toBeNull();
    const list = args ?? [];
    // Frame 300 at 29.97 fps is 10.01 s; each input reads one frame more than the window.
    expect(list.slice(0, 6)).toEqual(['-ss', '0.000000', '-t', '1.034367', '-i', '/in/a b.mp4']);
    expect(list.slice(6, 12)).toEqual(['-ss', '10.010000', '-t', '1.034367', '-i', '/in/a b.mp4']);
    expect(list.filter((arg) => arg === '-i')).toHaveLength(3);
    const graph = list[list.indexOf('-filter_complex') + 1] ?? '';
    expect(graph.split(';')).toEqual([
      '[0:v:0]fps=30000/1001,trim=end_frame=30,setpts=PTS-STARTPTS[s0]',
      '[1:v:0]fps=30000/1001,trim=end_frame=30,setpts=PTS-STARTPTS[s1]',
      '[2:v:0]fps=30000/1001,trim=end_frame=30,setpts=PTS-STARTPTS[s2]',
      '[s0][s1][s2]concat=n=3:v=1:a=0,scale=1920:1080,format=yuv420p[probe]',
    ]);
    expect(list.slice(list.indexOf('-map'))).toEqual([
      ...['-map', '[probe]', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '23'],
      ...['-map_metadata', '-1', '-f', 'h264', '/work/probe.h264'],
    ]);
  });

  it('has nothing to run without frames or without a frame rate', () => {
    expect(
      buildSampledProbeArgs({ sourcePath: '/a.mp4', frameRate: NTSC, totalFrames: 0, probe }),
    ).toBeNull();
    expect(
      buildSampledProbeArgs({ sourcePath: '/a.mp4', frameRate: { num: 0, den: 1 }, totalFrames: 90, probe }),
    ).toBeNull();
  });
});
