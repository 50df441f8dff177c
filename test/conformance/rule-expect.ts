/** Small assertions shared by the rule tests. */
import { expect } from 'vitest';
import type { RuleId, Violation } from '../../packager/conformance/violation.js';
import { formatViolation } from '../../packager/conformance/violation.js';

/** Fails with every violation listed unless one of `rule` on `subject` matches `message`. */
export function expectViolation(
  violations: readonly Violation[],
  rule: RuleId,
  subject: string,
  message: RegExp,
): void {
  const found = violations.some((v) => v.rule === rule && v.subject === subject && message.test(v.message));
  expect(
    found,
    `expected ${rule} ${subject}: ${String(message)} among:\n${violations.map(formatViolation).join('\n')}`,
  ).toBe(true);
}

/** The violations of one rule family, formatted, for `toEqual([])` with a readable failure. */
export function lines(violations: readonly Violation[]): string[] {
  return violations.map(formatViolation);
}
