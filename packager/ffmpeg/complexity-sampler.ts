/** The ComplexitySampler port on ffmpeg: sampled-probe-args.ts run to the end. */
import type { ComplexitySampler } from '../ports.js';
import { runFfmpegToEnd } from './run-ffmpeg.js';
import { buildSampledProbeArgs } from './sampled-probe-args.js';

export function createFfmpegComplexitySampler(options: { readonly ffmpegPath: string }): ComplexitySampler {
  return {
    async sample(sourcePath, request, toolOptions = {}) {
      const args = buildSampledProbeArgs({ sourcePath, ...request });
      // Nothing to sample: no probe file, which the pipeline reads as "no measurement".
      if (args === null) return;
      await runFfmpegToEnd(options.ffmpegPath, args, {
        signal: toolOptions.signal,
        failure: 'The video could not be decoded to measure its complexity.',
        cancelled: 'The complexity probe was cancelled.',
      });
    },
  };
}
