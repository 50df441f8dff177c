import { describe, expect, it } from 'vitest';
import { partImageShare } from './part-image-share.js';

const grid = { intervalMs: 1000, posterAtMs: 10_000 };
const at30 = { num: 30, den: 1 };

describe('a chunk share of the images', () => {
  it('splits the grid between chunks on whole seconds, with no point taken twice or missed', () => {
    const chunks = [
      { startFrame: 0, frameCount: 300 },
      { startFrame: 300, frameCount: 300 },
      { startFrame: 600, frameCount: null },
    ];
    const shares = chunks.map((chunk) => partImageShare(chunk, at30, grid));
    expect(shares).toEqual([
      { firstThumbnail: 0, thumbnails: 10, gridOffsetSeconds: 0, posterFrame: null },
      { firstThumbnail: 10, thumbnails: 10, gridOffsetSeconds: 0, posterFrame: 0 },
      { firstThumbnail: 20, thumbnails: null, gridOffsetSeconds: 0, posterFrame: null },
    ]);
  });

  it('offsets the first thumbnail when a chunk does not start on a grid point', () => {
    const coarse = { intervalMs: 4000, posterAtMs: 10_000 };
    // 2 s chunks at 29.97: chunk 3 starts at frame 180 (6.006 s), so its first point is 8 s (k = 2).
    const share = partImageShare({ startFrame: 180, frameCount: 60 }, { num: 30000, den: 1001 }, coarse);
    expect(share.firstThumbnail).toBe(2);
    expect(share.thumbnails).toBe(1);
    expect(share.gridOffsetSeconds).toBeCloseTo(8 - 6.006, 9);
    // 10 s at 29.97 is frame 299.7: the poster is frame 300, the next chunk's first.
    expect(share.posterFrame).toBeNull();
    expect(
      partImageShare({ startFrame: 300, frameCount: 60 }, { num: 30000, den: 1001 }, coarse).posterFrame,
    ).toBe(0);
  });

  it('gives a chunk shorter than the interval no thumbnail when no grid point falls in it', () => {
    const share = partImageShare({ startFrame: 60, frameCount: 60 }, at30, {
      intervalMs: 5000,
      posterAtMs: 0,
    });
    expect(share).toMatchObject({ firstThumbnail: 1, thumbnails: 0, posterFrame: null });
  });

  it('places the poster in the chunk holding its frame, the last chunk included', () => {
    const late = { intervalMs: 1000, posterAtMs: 9_990 };
    // 9.99 s is frame 299.7: the poster is frame 300, past the first chunk.
    expect(partImageShare({ startFrame: 0, frameCount: 300 }, at30, late).posterFrame).toBeNull();
    expect(partImageShare({ startFrame: 240, frameCount: null }, at30, late).posterFrame).toBe(60);
  });
});
