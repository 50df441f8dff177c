/**
 * The baselines ScalaCast is measured against, on the same source and the same ladder, to local disk:
 * - one ffmpeg command producing the whole ladder (one decode, split, one x264 per rung, audio), i.e. the
 *   best a hand-written script does;
 * - the naive way: one ffmpeg process per rung (and one for the audio), all started at once, each decoding
 *   the source itself (how per-resolution job queues work).
 * Both use ScalaCast's own argument builder, so every encoder setting is identical.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LadderPlan } from '../../../packager/domain/ladder-plan.js';
import { buildTranscodeArgs } from '../../../packager/ffmpeg/args.js';

export interface BaselineRun {
  readonly wallMs: number;
  readonly outputBytes: number;
}

export async function rawLadder(sourcePath: string, plan: LadderPlan): Promise<BaselineRun> {
  return timedRuns(sourcePath, [plan]);
}

export async function naiveLadder(sourcePath: string, plan: LadderPlan): Promise<BaselineRun> {
  const plans: LadderPlan[] = plan.video.map((rung) => ({ ...plan, video: [rung], audio: null }));
  if (plan.audio) plans.push({ ...plan, video: [] });
  return timedRuns(sourcePath, plans);
}

async function timedRuns(sourcePath: string, plans: readonly LadderPlan[]): Promise<BaselineRun> {
  const dirs = await Promise.all(
    plans.map(() => fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-bench-ffmpeg-'))),
  );
  try {
    const startedAt = performance.now();
    await Promise.all(
      plans.map((plan, index) =>
        runFfmpeg(buildTranscodeArgs({ sourcePath, plan, outputDir: dirs[index] ?? '', threads: 0 })),
      ),
    );
    const wallMs = performance.now() - startedAt;
    let outputBytes = 0;
    for (const dir of dirs) {
      for (const name of await fs.readdir(dir)) {
        if (name.endsWith('.m4s')) outputBytes += (await fs.stat(path.join(dir, name))).size;
      }
    }
    return { wallMs, outputBytes };
  } finally {
    await Promise.all(dirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
  }
}

function runFfmpeg(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${stderr}`)),
    );
  });
}
