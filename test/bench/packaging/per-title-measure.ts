/**
 * Per-title vs fixed ladder on one source, with ScalaCast's own functions: the sampled complexity probe
 * every run starts with, the per-title decision, and both ladders encoded by the real transcoder. Quality per rung is
 * the SSIM of the rung against the source scaled to the rung's size (ffmpeg's `ssim` filter; Debian's ffmpeg
 * has no libvmaf); bits are the rung's measured average bit rate.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { displaySize, planLadder } from '../../../packager/domain/ladder.js';
import type { LadderPlan } from '../../../packager/domain/ladder-plan.js';
import { createFfmpegTranscoder } from '../../../packager/ffmpeg/transcoder.js';
import { decidePerTitleLadder } from '../../../packager/pipeline/per-title-ladder.js';
import { describeStage } from '../../../packager/pipeline/stage-outputs.js';
import type { TranscodedRendition } from '../../../packager/ports.js';
import { BENCH_PLAN_OPTIONS, probeSource } from './probed-source.js';

const run = promisify(execFile);

export interface RungResult {
  readonly id: string;
  readonly crf: number;
  readonly maxrateBps: number;
  readonly averageBandwidthBps: number;
  readonly ssim: number;
}

export interface PerTitleResult {
  readonly source: string;
  readonly bitsPerPixel: number | null;
  readonly complexity: string;
  readonly fixed: readonly RungResult[];
  readonly perTitle: readonly RungResult[];
}

export async function measurePerTitle(label: string, sourcePath: string): Promise<PerTitleResult> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `scalacast-bench-pertitle-`));
  const transcoder = createFfmpegTranscoder({ ffmpegPath: 'ffmpeg' });
  try {
    const { source, bitsPerPixel } = await probeSource(sourcePath);
    const display = source.video ? displaySize(source.video) : { width: 0, height: 0 };
    const decision = decidePerTitleLadder(bitsPerPixel, Math.min(display.width, display.height));
    const plan = (rungs?: typeof decision.rungs): LadderPlan => {
      const result = planLadder(source, { ...BENCH_PLAN_OPTIONS, ...(rungs ? { rungs } : {}) });
      if (!result.ok) throw new Error(result.message);
      return { ...result.plan, audio: null };
    };
    const fixed = await encodeAndScore(plan(), sourcePath, path.join(dir, 'fixed'));
    const perTitle = await encodeAndScore(plan(decision.rungs), sourcePath, path.join(dir, 'per-title'));
    return { source: label, bitsPerPixel, complexity: decision.complexity, fixed, perTitle };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }

  async function encodeAndScore(plan: LadderPlan, source: string, out: string): Promise<RungResult[]> {
    await fs.mkdir(out);
    const renditions = await transcoder.transcode(source, plan, out, {});
    const described = await describeStage(renditions, plan);
    const results: RungResult[] = [];
    for (const rung of plan.video) {
      const files = renditions.find((rendition) => rendition.id === rung.id);
      const facts = described.presentation.video.find((rendition) => rendition.id === rung.id);
      if (!files || !facts) throw new Error(`rung ${rung.id} missing`);
      results.push({
        id: rung.id,
        crf: rung.crf,
        maxrateBps: rung.maxrateBps,
        averageBandwidthBps: facts.averageBandwidthBps,
        ssim: await ssimOf(files, source, rung.width, rung.height, out),
      });
    }
    return results;
  }
}

async function ssimOf(
  rendition: TranscodedRendition,
  source: string,
  width: number,
  height: number,
  dir: string,
): Promise<number> {
  const joined = path.join(dir, `${rendition.id}-joined.mp4`);
  const parts = await Promise.all(
    [rendition.initPath, ...rendition.segmentPaths].map((file) => fs.readFile(file)),
  );
  await fs.writeFile(joined, Buffer.concat(parts));
  const { stderr } = await run('ffmpeg', [
    '-hide_banner', '-i', joined, '-i', source,
    '-lavfi', `[1:v]fps=30,format=yuv420p,scale=${width}:${height}:flags=bicubic[ref];[0:v][ref]ssim`,
    '-f', 'null', '-',
  ]); // prettier-ignore
  const match = /All:([0-9.]+)/.exec(stderr);
  if (!match?.[1]) throw new Error(`no SSIM for ${rendition.id}`);
  return Number(match[1]);
}
