import { describe, expect, it } from 'vitest';
import { cleanStderrLines } from './clean-stderr.js';
import { createProgressParser } from './progress-parser.js';

function block(outTime: string, progress = 'continue'): string {
  return `frame=10\nout_time_us=${outTime}\nout_time=00:00:00.000000\nspeed=1.0x\nprogress=${progress}\n`;
}

describe('createProgressParser', () => {
  it('turns out_time_us into a growing percent of the source duration, then 100 at the end', () => {
    const seen: number[] = [];
    const feed = createProgressParser(10_000, (percent) => seen.push(percent));
    feed(block('N/A'));
    feed(block('2500000'));
    const split = block('5000000');
    feed(split.slice(0, 17));
    feed(split.slice(17));
    feed(block('5000000')); // no change: not reported again
    feed(block('4000000')); // out_time never goes back in reports
    feed(block('10005333', 'end'));
    expect(seen).toEqual([25, 50, 100]);
  });

  it('reports only the final 100 without a duration', () => {
    const seen: number[] = [];
    const feed = createProgressParser(undefined, (percent) => seen.push(percent));
    feed(block('5000000'));
    feed(block('10000000', 'end'));
    expect(seen).toEqual([100]);
  });

  it('reports every position in ms, with or without a duration', () => {
    for (const duration of [10_000, undefined]) {
      const positions: number[] = [];
      const feed = createProgressParser(
        duration,
        () => undefined,
        (ms) => positions.push(ms),
      );
      feed(block('N/A'));
      feed(block('576000'));
      feed(block('576000'));
      feed(block('2496000'));
      expect(positions).toEqual([576, 576, 2496]);
    }
  });
});

describe('cleanStderrLines', () => {
  it('drops context prefixes, local paths and repeats', () => {
    const stderr = [
      '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x5615b6e0a180] moov atom not found',
      '/tmp/job-1/source.mp4: Invalid data found when processing input',
      '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x5615b6e0a180] moov atom not found',
      'Could not open /tmp/job-1/out/video.mpd',
      '',
    ].join('\n');
    const paths = [
      { path: '/tmp/job-1/source.mp4', label: 'the upload' },
      { path: '/tmp/job-1/out', label: 'the output folder' },
    ];
    expect(cleanStderrLines(stderr, paths)).toEqual([
      'moov atom not found',
      'Invalid data found when processing input',
      'Could not open the output folder/video.mpd',
    ]);
  });
});
