/**
 * A benchmark source as ScalaCast sees it before it encodes: probed, its default ladder planned, and its
 * complexity sampled, by the functions packageAsset calls.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SourceMedia } from '../../../packager/domain/media-source.js';
import { createFfmpegComplexitySampler } from '../../../packager/ffmpeg/complexity-sampler.js';
import { createFfprobeProber } from '../../../packager/ffmpeg/prober.js';
import { sampleBitsPerPixel } from '../../../packager/pipeline/complexity-probe.js';
import { planDefaultLadder } from '../../../packager/pipeline/stage-plans.js';

/** The settings every benchmark ladder is planned with (ScalaCast's defaults). */
export const BENCH_PLAN_OPTIONS = {
  segmentDurationMs: 2000,
  x264Preset: 'veryfast',
  perTitle: true,
} as const;

export async function probeSource(
  sourcePath: string,
): Promise<{ readonly source: SourceMedia; readonly bitsPerPixel: number | null }> {
  const source = await createFfprobeProber({ ffprobePath: 'ffprobe' }).probe(sourcePath);
  const defaults = planDefaultLadder(source, BENCH_PLAN_OPTIONS);
  if (!defaults.probeSize) return { source, bitsPerPixel: null };
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-bench-probe-'));
  try {
    const bitsPerPixel = await sampleBitsPerPixel(
      createFfmpegComplexitySampler({ ffmpegPath: 'ffmpeg' }),
      sourcePath,
      {
        durationMs: source.durationMs,
        frameRate: defaults.plan.frameRate,
        gopFrames: defaults.plan.gopFrames,
      },
      defaults.probeSize,
      path.join(dir, 'probe'),
      {},
    );
    return { source, bitsPerPixel };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
