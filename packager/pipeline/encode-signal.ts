/**
 * The signal an encode runs under: aborted when its job's signal is, or when what stores its output gives
 * up (a failed upload, a refused commit), whichever comes first; and always once the job ends.
 */
export interface EncodeSignal {
  readonly signal: AbortSignal;
  /** Stops the encode with this reason (the first one wins). */
  readonly stop: (reason: unknown) => void;
  /** Stops it if it still runs and lets go of the job's signal. */
  release(): void;
}

export function encodeSignalFor(jobSignal: AbortSignal): EncodeSignal {
  const controller = new AbortController();
  const stop = (reason: unknown) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const stopWithJob = () => stop(jobSignal.reason);
  if (jobSignal.aborted) stopWithJob();
  else jobSignal.addEventListener('abort', stopWithJob, { once: true });
  return {
    signal: controller.signal,
    stop,
    release() {
      jobSignal.removeEventListener('abort', stopWithJob);
      stop(new Error('the job ended'));
    },
  };
}
