/**
 * What the conformance checker reports: each broken rule of CONFORMANCE.md by its id, on a subject (a
 * rendition, a manifest, a URL) with the offending values, for a person to act on.
 */

export const RULE_IDS = [
  ...['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'H7', 'H8'],
  ...['M1', 'M2', 'M3', 'M4', 'M5', 'M6'],
  ...['F1', 'F2', 'F3', 'F4', 'F5', 'F6'],
  ...['D1', 'D2', 'D3', 'D4', 'D5', 'D6'],
  ...['O1', 'O2', 'O3', 'O4', 'O5', 'O6', 'O7'],
] as const;

/** A rule of CONFORMANCE.md (`H1` multivariant BANDWIDTH ... `O7` path confinement). */
export type RuleId = (typeof RULE_IDS)[number];

/** One broken rule. */
export interface Violation {
  readonly rule: RuleId;
  /** What broke it: a rendition id (`720p`), `master`, `mpd`, or a resource (`720p/3.m4s`). */
  readonly subject: string;
  /** The offending value against the expected one: `declared BANDWIDTH 2800000 < measured peak 3120000`. */
  readonly message: string;
}

export interface ConformanceStats {
  /** Distinct renditions (init segments) of the presentation. */
  readonly renditions: number;
  /** Distinct media segments fetched. */
  readonly segments: number;
  /** Distinct files of side-loaded text renditions (WebVTT subtitles) fetched. */
  readonly textFiles: number;
  /** Body bytes received over every request the check made. */
  readonly bytes: number;
}

export interface ConformanceReport {
  /** Empty when the presentation is conformant. Sorted by rule, then subject. */
  readonly violations: readonly Violation[];
  /** The rules that were evaluated (O6 only for signed playback URLs), in CONFORMANCE.md order. */
  readonly checkedRules: readonly RuleId[];
  readonly stats: ConformanceStats;
}

/** `H1 720p: declared BANDWIDTH 2800000 < measured peak 3120000` */
export function formatViolation(violation: Violation): string {
  return `${violation.rule} ${violation.subject}: ${violation.message}`;
}

export function violation(rule: RuleId, subject: string, message: string): Violation {
  return { rule, subject, message };
}

/** Stable order for reports: CONFORMANCE.md order of rules, then subject, then message. */
export function sortViolations(violations: readonly Violation[]): Violation[] {
  const order = (rule: RuleId) => RULE_IDS.indexOf(rule);
  return [...violations].sort(
    (a, b) =>
      order(a.rule) - order(b.rule) ||
      a.subject.localeCompare(b.subject) ||
      a.message.localeCompare(b.message),
  );
}
