import { describe, expect, it } from 'vitest';
import { isFarEnoughAhead } from './playable-lead.js';

const front = { durationMs: 60_000, segmentMs: 2000 };

describe('isFarEnoughAhead', () => {
  it('offers an encode faster than real time once its pace is measured over two segments', () => {
    const sinceFirst = { mediaMs: 4000, wallMs: 2000 };
    expect(isFarEnoughAhead({ ...front, encodedMs: 6000, sinceFirst })).toBe(true);
    // One segment after the first is no measure of the pace yet.
    expect(isFarEnoughAhead({ ...front, encodedMs: 4000, sinceFirst: { mediaMs: 2000, wallMs: 500 } })).toBe(
      false,
    );
    expect(isFarEnoughAhead({ ...front, encodedMs: 2000, sinceFirst: null })).toBe(false);
  });

  it('waits until a slower encode is far enough ahead that a player starting now never catches it', () => {
    // Measured 0.8x real time, counted as 0.72x: 60 - 0.72 * (60 - 3 - 1) = 19.68 s must be stored first.
    const sinceFirst = { mediaMs: 8000, wallMs: 10_000 };
    expect(isFarEnoughAhead({ ...front, encodedMs: 19_600, sinceFirst })).toBe(false);
    expect(isFarEnoughAhead({ ...front, encodedMs: 19_700, sinceFirst })).toBe(true);
    // A player starting then, even with the encode slowed to 0.72x: every segment but the last is stored
    // before the player needs it, and the last (held back until the encode is over, then 1 s to publish) too.
    const encoded = 19_700;
    const speed = 0.72;
    for (let t = 0; t + 2000 <= 57_000; t += 500) {
      expect(encoded + speed * t).toBeGreaterThanOrEqual(t + 2000);
    }
    expect((60_000 - encoded) / speed + 1000).toBeLessThanOrEqual(60_000 - 3000);
  });

  it('offers everything once the whole duration is stored', () => {
    expect(isFarEnoughAhead({ ...front, encodedMs: 60_000, sinceFirst: null })).toBe(true);
  });
});
