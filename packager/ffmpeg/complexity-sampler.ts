/**
 * The ComplexitySampler port on ffmpeg: the window runs of sampled-probe-args.ts, `windowsAtOnce` at a time,
 * each listing its encoded frames (`framecrc`); the probe is the size of every frame of every window.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import { runPool } from '../pipeline/run-pool.js';
import type { ComplexitySampler } from '../ports.js';
import { runFfmpegToEnd } from './run-ffmpeg.js';
import { buildWindowProbeRuns } from './sampled-probe-args.js';

export interface ComplexitySamplerOptions {
  readonly ffmpegPath: string;
  /**
   * Window runs at a time, each on one thread (sampled-probe-args.ts); default one per core, at least two:
   * fewer runs leave cores idle and more only queue for them (2 cores, the six windows of the benchmark's
   * 1080p minute: 0.77-0.85 s two at a time, 0.77-0.85 s three at a time).
   */
  readonly windowsAtOnce?: number;
}

export function createFfmpegComplexitySampler(options: ComplexitySamplerOptions): ComplexitySampler {
  const windowsAtOnce = Math.max(2, options.windowsAtOnce ?? os.availableParallelism());
  return {
    async sample(sourcePath, request, toolOptions = {}) {
      const runs = buildWindowProbeRuns({ sourcePath, ...request });
      try {
        await runPool(runs, windowsAtOnce, (run) =>
          runFfmpegToEnd(options.ffmpegPath, run.args, {
            signal: toolOptions.signal,
            failure: 'The video could not be decoded to measure its complexity.',
            cancelled: 'The complexity probe was cancelled.',
            paths: [{ path: sourcePath, label: 'the upload' }],
          }),
        );
        const windows = await Promise.all(runs.map((run) => frameSizes(run.outputPath)));
        // A window past the last frame (a duration probed a little long) lists no frame.
        return windows.filter((sizes) => sizes.length > 0);
      } finally {
        await Promise.all(runs.map((run) => fs.rm(run.outputPath, { force: true })));
      }
    },
  };
}

/**
 * The packet sizes of a `framecrc` listing: `#` header lines, then one line per packet,
 * `stream, dts, pts, duration, size, checksum[, flags...]`. A missing file lists nothing.
 */
async function frameSizes(listing: string): Promise<number[]> {
  const text = await fs.readFile(listing, 'utf8').catch(() => '');
  return parseFramecrcSizes(text);
}

export function parseFramecrcSizes(text: string): number[] {
  return text.split('\n').flatMap((line) => {
    if (line.startsWith('#')) return [];
    const size = Number(line.split(',')[4]);
    return Number.isInteger(size) && size > 0 ? [size] : [];
  });
}
