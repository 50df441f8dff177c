import { describe, expect, it } from 'vitest';
import {
  formatBitrate,
  formatBytes,
  formatCount,
  formatElapsed,
  formatMediaDuration,
  formatRelative,
  formatTimestamp,
} from './format.js';

describe('dashboard number formats', () => {
  it('writes sizes in decimal units with one decimal below 100', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1500)).toBe('1.5 KB');
    expect(formatBytes(123_456_789)).toBe('123 MB');
    expect(formatBytes(5_000_000_030)).toBe('5.0 GB');
    expect(formatBytes(-1)).toBe('–');
  });

  it('writes media durations as clock time and elapsed times with units', () => {
    expect(formatMediaDuration(4_000)).toBe('0:04');
    expect(formatMediaDuration(65_400)).toBe('1:05');
    expect(formatMediaDuration(3_723_000)).toBe('1:02:03');
    expect(formatMediaDuration(null)).toBe('–');
    expect(formatElapsed(850)).toBe('850 ms');
    expect(formatElapsed(12_400)).toBe('12.4 s');
    expect(formatElapsed(185_000)).toBe('3 min 05 s');
    expect(formatElapsed(7_440_000)).toBe('2 h 04 min');
  });

  it('writes bit rates, counts and times', () => {
    expect(formatBitrate(2_400_000)).toBe('2.4 Mb/s');
    expect(formatBitrate(128_400)).toBe('128 kb/s');
    expect(formatCount(1234)).toBe('1,234');
    const nowMs = Date.UTC(2026, 10, 30, 12, 0, 0);
    expect(formatRelative(nowMs - 10_000, nowMs)).toBe('just now');
    expect(formatRelative(nowMs - 5 * 60_000, nowMs)).toBe('5 min ago');
    expect(formatRelative(nowMs - 3 * 3600_000, nowMs)).toBe('3 h ago');
    expect(formatRelative(nowMs - 86_400_000, nowMs)).toBe('1 day ago');
    expect(formatRelative(nowMs + 10 * 60_000, nowMs)).toBe('in 10 min');
    expect(formatTimestamp(nowMs)).toBe('2026-11-30 12:00:00 UTC');
  });
});
