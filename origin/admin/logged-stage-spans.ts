/**
 * The stages of a job's latest run, from the lines its worker logged on it (packager/queue/stage-log.ts).
 * Pure. Earlier attempts are left out (the job log and bull-board still show them); the playable commit of a
 * provisional presentation is named after its phase (`preview: commit`).
 */
import { parseStageLogLine, type StageLogEntry } from '../../packager/queue/stage-log.js';
import type { StageSpan } from './admin-deps.js';

export function stageSpansFromLog(lines: readonly string[]): StageSpan[] {
  const entries = lines.flatMap((line) => parseStageLogLine(line) ?? []);
  const latest = latestRun(entries);
  return entries
    .filter((entry) => entry.attemptId === latest)
    .sort((a, b) => a.startedAtMs - b.startedAtMs)
    .map((entry) => ({
      name: entry.phase ? `${entry.phase}: ${entry.stage}` : entry.stage,
      startedAtMs: entry.startedAtMs,
      durationMs: entry.durationMs,
      outcome: entry.outcome,
    }));
}

/**
 * The highest attempt, and of its runs the one that started last: a job handed back at shutdown, or taken
 * over from a worker that stalled, runs again under the same attempt number, and the stalled worker may
 * still log a line after the new run began, so the last line alone does not tell.
 */
function latestRun(entries: readonly StageLogEntry[]): string | null {
  const firstStart = new Map<string, { attempt: number; startedAtMs: number }>();
  for (const entry of entries) {
    const seen = firstStart.get(entry.attemptId);
    if (!seen || entry.startedAtMs < seen.startedAtMs)
      firstStart.set(entry.attemptId, { attempt: entry.attempt, startedAtMs: entry.startedAtMs });
  }
  let latest: { id: string; attempt: number; startedAtMs: number } | null = null;
  for (const [id, run] of firstStart) {
    const later =
      !latest ||
      run.attempt > latest.attempt ||
      (run.attempt === latest.attempt && run.startedAtMs > latest.startedAtMs);
    if (later) latest = { id, ...run };
  }
  return latest?.id ?? null;
}
