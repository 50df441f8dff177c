/**
 * The stage timeline a worker keeps on each packaging job, shared by the workers (writers) and the admin
 * dashboard (reader) like the rest of the job contract: one line in the job's BullMQ log per finished step,
 * in a fixed, versioned JSON shape.
 *
 * Why the job's log and not its data, progress or return value: BullMQ keeps the log in a list next to the
 * job and deletes it with the job, so it lives exactly as long as the job the dashboard shows (a day once
 * completed, a week once failed) and needs no cleanup of its own; `keepLogs` (JOB_POLICY) caps its length.
 * Appending is one RPUSH, which cannot overwrite anything, whereas data (the versioned payload) and
 * progress (the percentage) are whole values another write would race with. A return value exists only for
 * a job that succeeded, and only at the end; log lines survive a failed attempt and its retries (each line
 * names its attempt). The admin reads them with one LRANGE, without loading the job, and bull-board shows
 * them as they are.
 */
import { z } from 'zod';
import type { StagePhase } from '../pipeline/stage-observer.js';

/** One finished step of one attempt of a job. */
export interface StageLogEntry {
  /** The step as the pipeline names it (download, probe, transcode, describe, images, publish, commit...). */
  readonly stage: string;
  /** `preview` for the playable commit of a provisional presentation; null for every other step. */
  readonly phase: StagePhase | null;
  /** 1 for the first try; a job handed back at shutdown runs again under the same number. */
  readonly attempt: number;
  /** Unique per run of the job: tells two runs under one attempt number apart. */
  readonly attemptId: string;
  /** Wall clock, ms since the epoch. */
  readonly startedAtMs: number;
  readonly durationMs: number;
  readonly outcome: 'ok' | 'failed';
}

/** Every line starts with this, so a reader skips other log lines without parsing them. */
const MARKER = '{"kind":"stage","v":1,';

const entrySchema = z.object({
  kind: z.literal('stage'),
  v: z.literal(1),
  stage: z.string().min(1).max(64),
  phase: z.literal('preview').nullable(),
  attempt: z.number().int().min(1),
  attemptId: z.string().min(1).max(64),
  startedAtMs: z.number().int().nonnegative(),
  durationMs: z.number().int().nonnegative(),
  outcome: z.enum(['ok', 'failed']),
});

export function formatStageLogLine(entry: StageLogEntry): string {
  // Keys in a fixed order: the marker is the line's beginning.
  return JSON.stringify({
    kind: 'stage',
    v: 1,
    stage: entry.stage,
    phase: entry.phase,
    attempt: entry.attempt,
    attemptId: entry.attemptId,
    startedAtMs: entry.startedAtMs,
    durationMs: entry.durationMs,
    outcome: entry.outcome,
  });
}

/** The entry a line records; null for any other line (free text, another version, a damaged line). */
export function parseStageLogLine(line: string): StageLogEntry | null {
  if (!line.startsWith(MARKER)) return null;
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return null;
  }
  const parsed = entrySchema.safeParse(json);
  if (!parsed.success) return null;
  const { kind: _kind, v: _v, ...entry } = parsed.data;
  return entry;
}
