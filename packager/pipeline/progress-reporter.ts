import type { Logger } from '../ports.js';

const MIN_INTERVAL_MS = 1000;

export interface ProgressReporter {
  /** Takes 0..100 as often as ffmpeg says it; forwards at most once a second, only when it grew. */
  report(percent: number): void;
  /** Waits for the report in flight, if any. */
  flush(): Promise<void>;
}

/**
 * Throttles progress so a fast encode does not turn into a catalog write per ffmpeg progress line. A failed
 * report is logged and dropped: progress is advisory and must never fail a job.
 */
export function createProgressReporter(options: {
  onReport: (percent: number) => Promise<void>;
  logger: Logger;
}): ProgressReporter {
  let lastSent = -1;
  let lastAtMs = 0;
  let inFlight: Promise<void> = Promise.resolve();
  return {
    report(percent) {
      const value = Math.max(0, Math.min(99, Math.floor(percent)));
      const now = Date.now();
      if (value <= lastSent || now - lastAtMs < MIN_INTERVAL_MS) return;
      lastSent = value;
      lastAtMs = now;
      inFlight = inFlight
        .then(() => options.onReport(value))
        .catch((error: unknown) => options.logger.warn({ err: error }, 'progress report failed'));
    },
    flush: () => inFlight,
  };
}
