/**
 * How the pipeline reports each of its steps (download, probe, complexity, transcode, store, fetch, describe,
 * images, publish, commit): the step's name, its wall time, how it ended and, for a playable commit, that it
 * is the preview's. The pipeline does not know who listens; the worker turns the
 * reports into metrics and into the stage timeline it keeps on the job.
 */
/** The one phase a step may belong to: the playable commit of a provisional presentation. */
export type StagePhase = 'preview';

export interface StageReport {
  /** `failed` when the step threw (an abort included). */
  readonly outcome: 'ok' | 'failed';
  /**
   * `preview` for the playable commit of a provisional presentation, which happens in the middle of the
   * encode (a whole-source job's, or a chunked run's part's); absent for every other step.
   */
  readonly phase?: StagePhase | undefined;
}

/**
 * Called once per step, when it ends. The step name is one of a small fixed set (it is a metric label);
 * the phase is reported apart so that labels stay as they are.
 */
export type StageObserver = (stage: string, seconds: number, report: StageReport) => void;

/** Runs one step and reports its wall time and outcome, whatever the outcome. */
export async function timeStage<T>(
  observe: StageObserver | undefined,
  stage: string,
  phase: StagePhase | undefined,
  run: () => Promise<T>,
): Promise<T> {
  const startedAt = performance.now();
  let outcome: StageReport['outcome'] = 'failed';
  try {
    const result = await run();
    outcome = 'ok';
    return result;
  } finally {
    const seconds = (performance.now() - startedAt) / 1000;
    observe?.(stage, seconds, phase === undefined ? { outcome } : { outcome, phase });
  }
}
