/**
 * Retry and stalled-job settings, in one place because producer and consumer must agree on them.
 *
 * - A worker renews its job lock every lockDurationMs/2; a worker that dies (SIGKILL, machine lost) stops
 *   renewing, and after at most lockDurationMs + stalledIntervalMs another worker takes the job over.
 * - A job may stall twice (two dead workers) before it fails: a third death is more likely the source
 *   killing the worker (OOM) than bad luck.
 * - Retryable failures (a dead Redis or S3) back off exponentially: 5 s, 10 s, 20 s.
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
} as const;
