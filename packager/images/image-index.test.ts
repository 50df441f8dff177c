import { describe, expect, it } from 'vitest';
import {
  imageGridIntervalMs,
  parseImagePath,
  posterTimeMs,
  renderStoryboardVtt,
  thumbnailIndexAt,
  type ImageIndex,
} from './image-index.js';

const index: ImageIndex = {
  version: 1,
  intervalMs: 1000,
  durationMs: 2500,
  thumbnails: { count: 3, width: 640, height: 360 },
  storyboard: { count: 3, sheets: 1, tileWidth: 160, tileHeight: 90, columns: 2, rows: 2 },
  posters: [],
};

describe('image index', () => {
  it('spaces the grid at 1 s, coarser beyond 300 thumbnails, and takes the poster a quarter in', () => {
    expect(imageGridIntervalMs(60_000)).toBe(1000);
    expect(imageGridIntervalMs(1_200_000)).toBe(4000);
    expect(posterTimeMs(8000)).toBe(2000);
    expect(posterTimeMs(600_000)).toBe(10_000);
  });

  it('finds the thumbnail at or before a time, within the grid', () => {
    expect([-5, 0, 999, 1000, 2400, 99_000].map((ms) => thumbnailIndexAt(index, ms))).toEqual([
      0, 0, 0, 1, 2, 2,
    ]);
  });

  it('refuses anything but a known folder and a numbered jpg', () => {
    expect(parseImagePath('thumbs', '12.jpg')).toEqual({ folder: 'thumbs', index: 12 });
    for (const [folder, file] of [
      ['thumbs', '../1.jpg'],
      ['other', '1.jpg'],
      ['poster', '01.jpg'],
      ['poster', '1.png'],
    ]) {
      expect(parseImagePath(folder as string, file as string)).toBeNull();
    }
  });

  it('writes one WebVTT cue per tile with the sprite and its rectangle', () => {
    expect(renderStoryboardVtt(index, (uri) => `r1/${uri}`)).toBe(
      [
        'WEBVTT',
        '',
        '00:00:00.000 --> 00:00:01.000',
        'r1/images/storyboard/1.jpg#xywh=0,0,160,90',
        '',
        '00:00:01.000 --> 00:00:02.000',
        'r1/images/storyboard/1.jpg#xywh=160,0,160,90',
        '',
        '00:00:02.000 --> 00:00:02.500',
        'r1/images/storyboard/1.jpg#xywh=0,90,160,90',
        '',
      ].join('\n'),
    );
  });
});
