import { describe, expect, it } from 'vitest';
import type { ComplexityProbeSpec } from '../ports.js';
import { buildWindowProbeRuns, sampleWindowStarts } from './sampled-probe-args.js';

const probe: ComplexityProbeSpec = {
  width: 1920,
  height: 1080,
  samplePeriodFrames: 300,
  sampleFrames: 30,
  crf: 23,
  outputPath: '/work/probe',
};
const NTSC = { num: 30000, den: 1001 };

describe('sampled probe arguments', () => {
  it('starts a window every sample period while there are frames', () => {
    expect(sampleWindowStarts(1800, probe)).toEqual([0, 300, 600, 900, 1200, 1500]);
    expect(sampleWindowStarts(1801, probe)).toEqual([0, 300, 600, 900, 1200, 1500, 1800]);
    expect(sampleWindowStarts(0, probe)).toEqual([]);
  });

  it('runs each window on its own, on one thread: seeks it, cuts it to the sample frames at the top size, writes it apart', () => {
    const runs = buildWindowProbeRuns({
      sourcePath: '/in/a b.mp4',
      frameRate: NTSC,
      totalFrames: 650,
      probe,
    });
    expect(runs.map((run) => run.outputPath)).toEqual(['/work/probe.0', '/work/probe.1', '/work/probe.2']);
    // Frame 300 at 29.97 fps is 10.01 s; each run reads one frame more than the window.
    expect(runs[1]?.args).toEqual([
      ...['-ss', '10.010000', '-t', '1.034367', '-threads', '1', '-i', '/in/a b.mp4'],
      '-filter_complex',
      '[0:v:0]fps=30000/1001,trim=end_frame=30,setpts=PTS-STARTPTS,scale=1920:1080,format=yuv420p[probe]',
      ...['-map', '[probe]', '-c:v', 'libx264', '-threads', '1', '-preset', 'ultrafast', '-crf', '23'],
      ...['-map_metadata', '-1', '-f', 'framecrc', '/work/probe.1'],
    ]);
    expect(runs[0]?.args.slice(0, 4)).toEqual(['-ss', '0.000000', '-t', '1.034367']);
  });

  it('has nothing to run without frames or without a frame rate', () => {
    expect(buildWindowProbeRuns({ sourcePath: '/a.mp4', frameRate: NTSC, totalFrames: 0, probe })).toEqual(
      [],
    );
    expect(
      buildWindowProbeRuns({ sourcePath: '/a.mp4', frameRate: { num: 0, den: 1 }, totalFrames: 90, probe }),
    ).toEqual([]);
  });
});
