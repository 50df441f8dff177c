/**
 * The ComplexitySampler port on ffmpeg: the window runs of sampled-probe-args.ts, PARALLEL_WINDOWS at a time;
 * the probe's size is the sum of their streams'.
 */
import fs from 'node:fs/promises';
import { runPool } from '../pipeline/run-pool.js';
import type { ComplexitySampler } from '../ports.js';
import { runFfmpegToEnd } from './run-ffmpeg.js';
import { buildWindowProbeRuns } from './sampled-probe-args.js';

/** Two runs keep two cores busy (each window is short: its decode and encode start up in turns). */
const PARALLEL_WINDOWS = 2;

export function createFfmpegComplexitySampler(options: { readonly ffmpegPath: string }): ComplexitySampler {
  return {
    async sample(sourcePath, request, toolOptions = {}) {
      const runs = buildWindowProbeRuns({ sourcePath, ...request });
      // Nothing to sample: no bytes, which the pipeline reads as "no measurement".
      if (runs.length === 0) return 0;
      try {
        await runPool(runs, PARALLEL_WINDOWS, (run) =>
          runFfmpegToEnd(options.ffmpegPath, run.args, {
            signal: toolOptions.signal,
            failure: 'The video could not be decoded to measure its complexity.',
            cancelled: 'The complexity probe was cancelled.',
          }),
        );
        // A window past the last frame (a duration probed a little long) leaves an empty file, or none.
        const sizes = await Promise.all(runs.map((run) => fileSize(run.outputPath)));
        const bytes = sizes.reduce((sum, size) => sum + size, 0);
        return bytes;
      } finally {
        await Promise.all(runs.map((run) => fs.rm(run.outputPath, { force: true })));
      }
    },
  };
}

function fileSize(filePath: string): Promise<number> {
  return fs.stat(filePath).then(
    (stat) => stat.size,
    () => 0,
  );
}
