/**
 * What an encode's onSegmentsWritten reports is handled one report after another (the uploads of one report
 * finish before the next starts). The first failure stops the encode; failures after it stopped (by the job,
 * or by that first failure) are its consequences and are dropped; settle() waits for the report being
 * handled and rethrows the first failure.
 */
export interface WrittenSteps<T> {
  /** Queues a report; never throws. */
  readonly push: (report: T) => void;
  settle(): Promise<void>;
}

export function serialWrittenSteps<T>(
  step: (report: T) => Promise<void>,
  signal: AbortSignal,
  stop: (reason: unknown) => void,
): WrittenSteps<T> {
  let failure: { readonly reason: unknown } | undefined;
  let chain: Promise<void> = Promise.resolve();
  return {
    push(report) {
      chain = chain.then(async () => {
        if (failure !== undefined || signal.aborted) return;
        await step(report).catch((error: unknown) => {
          if (failure !== undefined || signal.aborted) return;
          failure = { reason: error };
          stop(error);
        });
      });
    },
    async settle() {
      await chain;
      if (failure !== undefined) throw failure.reason;
    },
  };
}
