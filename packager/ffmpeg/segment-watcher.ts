/**
 * Watches a running transcode's folder and reports what is complete so far (see writtenSoFar), for
 * segment-level progressive publish. Polling, not fs.watch: a rename is all the muxer does, every few hundred
 * milliseconds at most, and polling behaves the same on every file system (overlay, NFS, tmpfs).
 */
import type { LadderPlan } from '../domain/ladder-plan.js';
import type { Logger, TranscodedRendition } from '../ports.js';
import { writtenSoFar } from './collect-renditions.js';

const POLL_INTERVAL_MS = 300;

export interface SegmentWatcher {
  /** Stops polling; no report is made after the promise resolves. */
  stop(): Promise<void>;
}

export function watchSegments(
  outputDir: string,
  plan: LadderPlan,
  onWritten: (renditions: readonly TranscodedRendition[]) => void,
  logger: Logger | undefined,
): SegmentWatcher {
  let stopped = false;
  let lastReport = '';
  let polling: Promise<void> = Promise.resolve();
  const poll = async (): Promise<void> => {
    try {
      const written = await writtenSoFar(outputDir, plan);
      const report = written.map((rendition) => `${rendition.id}:${rendition.segmentPaths.length}`).join();
      if (stopped || report === lastReport) return;
      lastReport = report;
      onWritten(written);
    } catch (error) {
      logger?.debug({ err: error }, 'could not list the segments written so far');
    }
  };
  const timer = setInterval(() => {
    polling = polling.then(poll);
  }, POLL_INTERVAL_MS);
  return {
    async stop() {
      clearInterval(timer);
      stopped = true;
      await polling;
    },
  };
}
