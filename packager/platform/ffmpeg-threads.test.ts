import { describe, expect, it } from 'vitest';
import { ffmpegThreadsPerJob } from './ffmpeg-threads.js';

const machine8 = { machine: 8, usable: 8 };

describe('ffmpegThreadsPerJob', () => {
  it('keeps FFMPEG_THREADS when it is set, whatever the concurrency or quota', () => {
    expect(ffmpegThreadsPerJob(3, 1, machine8)).toBe(3);
    expect(ffmpegThreadsPerJob(3, 4, { machine: 8, usable: 2 })).toBe(3);
  });

  it('lets ffmpeg choose for one job at a time on the whole machine', () => {
    expect(ffmpegThreadsPerJob(0, 1, machine8)).toBe(0);
  });

  it('shares the usable cores between the jobs a worker runs at once', () => {
    expect(ffmpegThreadsPerJob(0, 2, machine8)).toBe(4);
    expect(ffmpegThreadsPerJob(0, 3, machine8)).toBe(2);
    expect(ffmpegThreadsPerJob(0, 2, { machine: 2, usable: 2 })).toBe(1);
    expect(ffmpegThreadsPerJob(0, 2, { machine: 32, usable: 4 })).toBe(2);
  });

  it('gives one job the cores of its quota, not the machine it sees', () => {
    expect(ffmpegThreadsPerJob(0, 1, { machine: 32, usable: 2 })).toBe(2);
  });

  it('gives every job a thread at least when there are more jobs than cores', () => {
    expect(ffmpegThreadsPerJob(0, 8, { machine: 2, usable: 2 })).toBe(1);
  });
});
