import { describe, expect, it } from 'vitest';
import { contentRange, parseRange, unsatisfiedContentRange } from './range.js';

describe('parseRange', () => {
  const size = 1000;
  it.each([
    ['no header', undefined, { kind: 'none' }],
    ['empty header', '', { kind: 'none' }],
    ['whole from zero', 'bytes=0-', { kind: 'range', start: 0, end: 999 }],
    ['explicit first bytes', 'bytes=0-499', { kind: 'range', start: 0, end: 499 }],
    ['open-ended', 'bytes=500-', { kind: 'range', start: 500, end: 999 }],
    ['last byte only', 'bytes=999-999', { kind: 'range', start: 999, end: 999 }],
    ['end clamped to the size', 'bytes=900-5000', { kind: 'range', start: 900, end: 999 }],
    ['suffix', 'bytes=-500', { kind: 'range', start: 500, end: 999 }],
    ['suffix longer than the object', 'bytes=-5000', { kind: 'range', start: 0, end: 999 }],
    ['unit is case-insensitive, spaces tolerated', 'Bytes= 10-19 ', { kind: 'range', start: 10, end: 19 }],
    ['start at the size', 'bytes=1000-', { kind: 'unsatisfiable' }],
    ['start past the size', 'bytes=2000-3000', { kind: 'unsatisfiable' }],
    ['zero-length suffix', 'bytes=-0', { kind: 'unsatisfiable' }],
    ['huge start', 'bytes=99999999999999999999999-', { kind: 'unsatisfiable' }],
    ['multi-range is served whole', 'bytes=0-1,5-9', { kind: 'none' }],
    ['last before first is invalid', 'bytes=500-100', { kind: 'none' }],
    ['another unit', 'items=0-1', { kind: 'none' }],
    ['no dash', 'bytes=100', { kind: 'none' }],
    ['dash only', 'bytes=-', { kind: 'none' }],
    ['negative numbers', 'bytes=-1-5', { kind: 'none' }],
    ['letters', 'bytes=a-b', { kind: 'none' }],
    ['no equals sign', 'bytes 0-1', { kind: 'none' }],
  ])('%s: %s', (_name, header, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });

  it('treats every range of an empty object as unsatisfiable', () => {
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-10', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('formats Content-Range for 206 and 416', () => {
    expect(contentRange(0, 499, 1000)).toBe('bytes 0-499/1000');
    expect(unsatisfiedContentRange(1000)).toBe('bytes */1000');
  });
});
