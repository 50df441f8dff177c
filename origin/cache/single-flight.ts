/**
 * Request coalescing within one process: concurrent callers asking for the same key share one run of the
 * work and its outcome (value or error). The key is forgotten as soon as the work settles, so a failure is
 * never cached and the next caller starts afresh.
 */
export interface SingleFlight<T> {
  /** `work` runs unless a run for `key` is already in flight; `onJoin` is told when a caller joins one. */
  run(key: string, work: () => Promise<T>): Promise<T>;
  /** Runs in flight now. */
  size(): number;
}

export function createSingleFlight<T>(onJoin?: (key: string) => void): SingleFlight<T> {
  const inFlight = new Map<string, Promise<T>>();
  return {
    run(key, work) {
      const running = inFlight.get(key);
      if (running) {
        onJoin?.(key);
        return running;
      }
      const started = work().finally(() => inFlight.delete(key));
      inFlight.set(key, started);
      return started;
    },
    size: () => inFlight.size,
  };
}
