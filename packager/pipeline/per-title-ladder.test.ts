import { describe, expect, it } from 'vitest';
import { DEFAULT_RUNGS } from '../domain/ladder.js';
import { classifyComplexity, decidePerTitleLadder, probeSampling } from './per-title-ladder.js';

const shortSides = (rungs: readonly { shortSide: number }[]) => rungs.map((rung) => rung.shortSide);

describe('decidePerTitleLadder', () => {
  it('keeps the default ladder without a probe and for ordinary sources', () => {
    expect(decidePerTitleLadder(null, 1080).rungs).toBe(DEFAULT_RUNGS);
    const normal = decidePerTitleLadder(0.2, 1080);
    expect(normal.complexity).toBe('normal');
    expect(normal.rungs).toEqual(DEFAULT_RUNGS);
  });

  it('gives a low-complexity source fewer, cheaper rungs and leaves the lowest one alone', () => {
    const low = decidePerTitleLadder(0.02, 1080);
    expect(low.complexity).toBe('low');
    expect(shortSides(low.rungs)).toEqual([1080, 720, 360]);
    expect(low.rungs.map((rung) => rung.crf)).toEqual([27, 27, 25]);
    expect(low.rungs[2]).toBe(DEFAULT_RUNGS[3]);
  });

  it('plans only the rungs a smaller source fills', () => {
    expect(shortSides(decidePerTitleLadder(0.02, 720).rungs)).toEqual([720, 360]);
    expect(shortSides(decidePerTitleLadder(0.02, 300).rungs)).toEqual(shortSides(DEFAULT_RUNGS));
  });

  it('raises the caps of a complex source above the lowest rung, never its CRF', () => {
    const high = decidePerTitleLadder(0.8, 1080);
    expect(high.complexity).toBe('high');
    expect(high.rungs.map((rung) => rung.maxrateBps)).toEqual([9_000_000, 5_250_000, 2_400_000, 900_000]);
    expect(high.rungs.map((rung) => rung.crf)).toEqual(DEFAULT_RUNGS.map((rung) => rung.crf));
  });

  it('classifies by the probe bits per pixel', () => {
    expect([0.018, 0.24, 0.76].map(classifyComplexity)).toEqual(['low', 'normal', 'high']);
  });
});

describe('probe sampling', () => {
  it('samples half a second in ten, at most twelve windows for long sources', () => {
    expect(probeSampling(60_000, { num: 30, den: 1 })).toEqual({ samplePeriodFrames: 300, sampleFrames: 15 });
    expect(probeSampling(120_000, { num: 30, den: 1 })).toEqual({
      samplePeriodFrames: 300,
      sampleFrames: 15,
    });
    expect(probeSampling(3_600_000, { num: 30, den: 1 })).toEqual({
      samplePeriodFrames: 9000,
      sampleFrames: 15,
    });
    expect(probeSampling(60_000, { num: 24000, den: 1001 })).toEqual({
      samplePeriodFrames: 240,
      sampleFrames: 12,
    });
  });
});
