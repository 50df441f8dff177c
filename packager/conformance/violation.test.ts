import { describe, expect, it } from 'vitest';
import { formatViolation, sortViolations, violation } from './violation.js';

describe('violations', () => {
  it('read as "RULE subject: message"', () => {
    expect(
      formatViolation(violation('H1', '720p', 'declared BANDWIDTH 2800000 < measured peak 3120000')),
    ).toBe('H1 720p: declared BANDWIDTH 2800000 < measured peak 3120000');
  });

  it('sort in CONFORMANCE.md order, then by subject', () => {
    const sorted = sortViolations([
      violation('O2', 'a', 'x'),
      violation('H1', 'b', 'x'),
      violation('H1', 'a', 'x'),
      violation('D6', 'a', 'x'),
      violation('M1', 'a', 'x'),
    ]);
    expect(sorted.map(formatViolation)).toEqual(['H1 a: x', 'H1 b: x', 'M1 a: x', 'D6 a: x', 'O2 a: x']);
  });
});
