import { describe, expect, it } from 'vitest';
import { parseFramecrcSizes } from '../ffmpeg/complexity-sampler.js';
import { segmentBitsPerPixel } from './complexity-probe.js';

const PIXELS = { width: 100, height: 10 };

describe('the complexity probe measure', () => {
  it("weighs each window's IDR once per segment, as the encode will", () => {
    // An IDR of 6000 bytes and predicted frames of 120: with an IDR every 60 frames, 218 bytes a frame.
    const still = [6000, ...Array<number>(14).fill(120)];
    expect(segmentBitsPerPixel([still], 60, PIXELS)).toBeCloseTo((((6000 + 59 * 120) / 60) * 8) / 1000, 9);
    // The same picture sampled in a window twice as long measures the same.
    const longer = [6000, ...Array<number>(29).fill(120)];
    expect(segmentBitsPerPixel([longer], 60, PIXELS)).toBeCloseTo(
      segmentBitsPerPixel([still], 60, PIXELS) ?? 0,
      9,
    );
    // Windows weigh the same, however many frames each has.
    expect(
      segmentBitsPerPixel(
        [
          [1000, 1000],
          [3000, 3000, 3000],
        ],
        60,
        PIXELS,
      ),
    ).toBeCloseTo(16, 9);
  });

  it('counts a one-frame window as that frame, and nothing as no measure', () => {
    expect(segmentBitsPerPixel([[500]], 60, PIXELS)).toBeCloseTo(4, 9);
    expect(segmentBitsPerPixel([], 60, PIXELS)).toBeNull();
    expect(segmentBitsPerPixel([[500]], 60, { width: 0, height: 10 })).toBeNull();
  });

  it("reads the frame sizes of ffmpeg's framecrc listing", () => {
    const listing = [
      '#software: Lavf59.27.100',
      '#tb 0: 1/30',
      '#media_type 0: video',
      '#codec_id 0: h264',
      '#dimensions 0: 1920x1080',
      '#sar 0: 1/1',
      '0,         -2,          0,        1,   245376, 0x4c0d6d2a',
      '0,         -1,          1,        1,     1893, 0x9d1c3a10, F=0x0',
      '',
    ].join('\n');
    expect(parseFramecrcSizes(listing)).toEqual([245376, 1893]);
  });
});
