import { describe, expect, it } from 'vitest';
import { chunkStartTicks, framesToSeconds, planChunks } from './chunk-plan.js';

const plan30 = { frameRate: { num: 30, den: 1 }, gopFrames: 60, video: [{}] } as never;
const plan2997 = { frameRate: { num: 30000, den: 1001 }, gopFrames: 60, video: [{}] } as never;
const options = { thresholdMs: 60_000, chunkDurationMs: 30_000 };

describe('planChunks', () => {
  it('leaves short, threshold-length and audio-only sources whole', () => {
    expect(planChunks(59_000, plan30, options)).toBeNull();
    expect(planChunks(60_000, plan30, options)).toBeNull();
    expect(planChunks(600_000, { ...(plan30 as object), video: [] } as never, options)).toBeNull();
  });

  it('cuts on whole segments, the last chunk running to the end', () => {
    const chunks = planChunks(100_000, plan30, options);
    expect(chunks?.map((chunk) => [chunk.startFrame, chunk.frameCount])).toEqual([
      [0, 900],
      [900, 900],
      [1800, null],
    ]);
    expect(chunks?.map((chunk) => chunk.window)).toEqual([
      { startSeconds: '0', durationSeconds: '30' },
      { startSeconds: '30', durationSeconds: '30' },
      { startSeconds: '60', durationSeconds: null },
    ]);
  });

  it('starts no chunk after the video has ended: the last one runs on to the end of the audio', () => {
    // 100 s of audio, 45 s of video: a chunk from 60 s would have no picture.
    const chunks = planChunks(100_000, plan30, options, 45_000);
    expect(chunks?.map((chunk) => [chunk.startFrame, chunk.frameCount])).toEqual([
      [0, 900],
      [900, null],
    ]);
    // A video ending inside the second chunk keeps it; a video of one chunk is encoded whole.
    expect(planChunks(100_000, plan30, options, 61_000)).toHaveLength(3);
    expect(planChunks(100_000, plan30, options, 30_000)).toBeNull();
    // A video as long as the audio, or one that states no duration, changes nothing.
    expect(planChunks(100_000, plan30, options, 100_000)).toEqual(planChunks(100_000, plan30, options));
  });

  it('rounds the chunk length to segments and never leaves a sliver at the end', () => {
    const chunks = planChunks(61_000, plan30, { thresholdMs: 10_000, chunkDurationMs: 29_000 });
    expect(chunks?.map((chunk) => chunk.startFrame)).toEqual([0, 900]);
    expect(chunks?.[1]?.frameCount).toBeNull();
  });

  it('keeps NTSC boundaries exact to the microsecond', () => {
    const chunks = planChunks(130_000, plan2997, options);
    expect(chunks?.map((chunk) => chunk.window.startSeconds)).toEqual(['0', '30.03', '60.06', '90.09']);
    expect(chunks?.[0]?.window.durationSeconds).toBe('30.03');
  });
});

describe('framesToSeconds and chunkStartTicks', () => {
  it('converts frames to seconds and ticks', () => {
    expect(framesToSeconds(60, { num: 30000, den: 1001 })).toBe('2.002');
    expect(framesToSeconds(1, { num: 30, den: 1 })).toBe('0.033333');
    expect(chunkStartTicks(900, { num: 30, den: 1 }, 15360)).toBe(460_800);
    expect(chunkStartTicks(900, { num: 30000, den: 1001 }, 30000)).toBe(900_900);
    expect(() => chunkStartTicks(1, { num: 30, den: 1 }, 1000)).toThrow(/whole tick/);
  });
});
