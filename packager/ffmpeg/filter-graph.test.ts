import { describe, expect, it } from 'vitest';
import { scaleParent } from './filter-graph.js';

const size = (width: number, height: number) => ({ width, height });

describe('scaleParent', () => {
  it('scales each rung from the smallest rung at least 1.5x its short side', () => {
    const ladder = [size(1920, 1080), size(1280, 720), size(854, 480), size(640, 360)];
    expect(ladder.map((_, index) => scaleParent(ladder, index))).toEqual([null, 0, 1, 1]);
  });

  it('compares short sides, so portrait ladders and widths rounded to even numbers cascade alike', () => {
    const portrait = [size(1080, 1920), size(720, 1280), size(480, 854)];
    expect(portrait.map((_, index) => scaleParent(portrait, index))).toEqual([null, 0, 1]);
  });

  it('scales from the source picture when no rung is large enough, in any rung order', () => {
    const close = [size(640, 360), size(768, 432), size(854, 480)];
    expect(close.map((_, index) => scaleParent(close, index))).toEqual([null, null, null]);
    const unordered = [size(640, 360), size(1920, 1080)];
    expect(unordered.map((_, index) => scaleParent(unordered, index))).toEqual([1, null]);
  });
});
