import { describe, expect, it } from 'vitest';
import { isFarEnoughAhead } from './playable-lead.js';

const front = { durationMs: 60_000, segmentMs: 2000 };

describe('isFarEnoughAhead', () => {
  it('offers an encode faster than real time after its first segment', () => {
    expect(isFarEnoughAhead({ ...front, encodedMs: 2000, elapsedMs: 1500 })).toBe(true);
    expect(isFarEnoughAhead({ ...front, encodedMs: 0, elapsedMs: 1000 })).toBe(false);
  });

  it('waits until a slower encode is far enough ahead that a player starting now never catches it', () => {
    // Measured 0.8x real time, counted as 0.72x: (1 - 0.72) * 60 + 0.72 * 2 = 18.24 s must be stored first.
    expect(isFarEnoughAhead({ ...front, encodedMs: 18_000, elapsedMs: 22_500 })).toBe(false);
    expect(isFarEnoughAhead({ ...front, encodedMs: 18_400, elapsedMs: 23_000 })).toBe(true);
    // A player starting then, even with the encode slowed to 0.72x: the encoder stays ahead of every position.
    const encoded = 18_400;
    const speed = 0.72;
    for (let t = 0; t + 2000 <= 60_000; t += 500) {
      expect(encoded + speed * t).toBeGreaterThanOrEqual(Math.min(t + 2000, 60_000));
    }
  });

  it('offers everything once the whole duration is stored', () => {
    expect(isFarEnoughAhead({ ...front, encodedMs: 60_000, elapsedMs: 600_000 })).toBe(true);
  });
});
