import { describe, expect, it } from 'vitest';
import { isoDurationToSeconds, millisecondsToIsoDuration } from './duration.js';

describe('millisecondsToIsoDuration', () => {
  it.each([
    [0, 'PT0S'],
    [1, 'PT0.001S'],
    [10, 'PT0.01S'],
    [100, 'PT0.1S'],
    [2006, 'PT2.006S'],
    [12_500, 'PT12.5S'],
    [11_413, 'PT11.413S'],
    [60_000, 'PT60S'],
    [3_723_000, 'PT3723S'],
  ])('%i ms -> %s (seconds only)', (ms, text) => {
    expect(millisecondsToIsoDuration(ms)).toBe(text);
    expect(isoDurationToSeconds(text)).toBe(ms / 1000);
  });

  it('refuses negative and fractional milliseconds', () => {
    expect(() => millisecondsToIsoDuration(-1)).toThrow();
    expect(() => millisecondsToIsoDuration(1.5)).toThrow();
    expect(() => millisecondsToIsoDuration(Number.NaN)).toThrow();
  });
});

describe('isoDurationToSeconds', () => {
  it.each([
    ['PT1H2M3.5S', 3723.5],
    ['P1DT2H', 93_600],
    ['PT2M', 120],
    ['PT0.25S', 0.25],
  ])('%s = %d s', (text, seconds) => {
    expect(isoDurationToSeconds(text)).toBe(seconds);
  });

  it.each(['', 'P', 'PT', 'P1DT', 'P1Y', 'P2M', 'PT1.5', '12.5', 'PT-1S', 'pt1s', 'PT1S '])(
    'rejects %j',
    (text) => {
      expect(isoDurationToSeconds(text)).toBeNull();
    },
  );
});
