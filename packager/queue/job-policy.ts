/**
 * Retry, priority and stalled-job settings, in one place because producer and consumer must agree on them.
 *
 * Stalled jobs (a worker killed, a machine lost):
 * - A worker renews each job's lock every lockDurationMs/2 from its event loop (ffmpeg runs in a child, so
 *   the loop stays free). A worker that dies stops renewing; every worker checks for expired locks each
 *   stalledIntervalMs, and the first to see one moves the job back to waiting. Worst case, a job is taken
 *   over lockDurationMs + stalledIntervalMs (45 s) after its worker died; a chunk is 30 s of media, so a
 *   takeover costs about as much as the chunk itself.
 * - Why not shorter: a lock shorter than a few seconds turns a long GC pause or a loaded machine into a false
 *   stall (the job then runs twice; harmless, since every attempt writes its own scratch folder and the same
 *   media to the same final keys, but wasted).
 *   QUEUE_LOCK_DURATION_MS / QUEUE_STALLED_INTERVAL_MS override both (the takeover tests use 5 s / 2.5 s).
 * - A job may stall twice (two dead workers) before it fails: a third death is more likely the source
 *   killing the worker (OOM) than bad luck.
 * - A worker that loses a job's lock (it was too slow to renew and another worker took the job) stops its
 *   ffmpeg at once instead of finishing work nobody will read.
 *
 * Retryable failures (a dead Redis or S3) back off exponentially: 5 s, 10 s, 20 s.
 *
 * Priorities: BullMQ serves jobs without a priority (its FIFO wait list) before any prioritized job, then
 * prioritized ones by number. Whole-source jobs and run finishes go first: a short upload is one job and
 * becomes playable as soon as a worker is free, however many chunks of long sources wait. Parts come in the
 * order they were queued (audio, then chunks in source order), so the first chunks of a run, which make it
 * playable, come first.
 */
export const JOB_POLICY = {
  attempts: 4,
  backoffDelayMs: 5_000,
  lockDurationMs: 30_000,
  stalledIntervalMs: 15_000,
  maxStalledCount: 2,
  /** Completed jobs kept for the dashboard; failed ones longer, for diagnosis. */
  keepCompleted: { age: 24 * 3600, count: 1000 },
  keepFailed: { age: 7 * 24 * 3600 },
  /**
   * Log lines kept per job (BullMQ trims older ones on each append). Workers log one line per finished
   * pipeline step (packager/queue/stage-log.ts), about a dozen per attempt: room for every attempt.
   */
  keepLogs: 100,
  priority: {
    /** `package-asset`: no priority, BullMQ's wait list, served first. */
    packageAsset: 0,
    finishRun: 0,
    encodePart: 1,
  },
} as const;

/** Lock settings a worker runs with: the policy's, or the operator's overrides. */
export interface LockSettings {
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
}

export const DEFAULT_LOCK_SETTINGS: LockSettings = {
  lockDurationMs: JOB_POLICY.lockDurationMs,
  stalledIntervalMs: JOB_POLICY.stalledIntervalMs,
};
