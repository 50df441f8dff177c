/**
 * The complexity probe sampled on its own (chunked runs) against the one a transcode writes from its full
 * decode (whole-source runs): the same frames, so the same verdict, from a fraction of the decode.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planLadder } from '../../packager/domain/ladder.js';
import type { LadderPlan } from '../../packager/domain/ladder-plan.js';
import { createFfmpegComplexitySampler } from '../../packager/ffmpeg/complexity-sampler.js';
import { createFfprobeProber } from '../../packager/ffmpeg/prober.js';
import { createFfmpegTranscoder } from '../../packager/ffmpeg/transcoder.js';
import {
  bitsPerPixelOf,
  probeSpecFor,
  sampleBitsPerPixel,
} from '../../packager/pipeline/complexity-probe.js';
import { probeFrameCount, probeSampling } from '../../packager/pipeline/per-title-ladder.js';
import { generateClip, generateFfmpegFixture } from '../fixtures/generate-media.js';

const SIZE = { width: 640, height: 360 };
const sampler = createFfmpegComplexitySampler({ ffmpegPath: 'ffmpeg' });
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'scalacast-sampler-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** The probe as a whole-source run writes it: from the preview transcode's own decode. */
async function inTranscodeBitsPerPixel(sourcePath: string, durationMs: number): Promise<number | null> {
  const source = await createFfprobeProber({ ffprobePath: 'ffprobe' }).probe(sourcePath);
  const planned = planLadder(source, { segmentDurationMs: 2000, x264Preset: 'ultrafast' });
  if (!planned.ok) throw new Error(planned.message);
  const lowest = planned.plan.video[planned.plan.video.length - 1];
  const plan: LadderPlan = { ...planned.plan, video: lowest ? [lowest] : [], audio: null };
  const outputDir = await mkdtemp(path.join(workDir, 'transcode-'));
  const probePath = path.join(workDir, 'in-transcode.h264');
  await createFfmpegTranscoder({ ffmpegPath: 'ffmpeg' }).transcode(sourcePath, plan, outputDir, {
    complexityProbe: probeSpecFor(SIZE, durationMs, plan.frameRate, probePath),
  });
  const frames = probeFrameCount((durationMs / 1000) * 30, probeSampling(durationMs, plan.frameRate));
  return bitsPerPixelOf((await stat(probePath)).size, frames, SIZE);
}

function sampled(sourcePath: string, durationMs: number): Promise<number | null> {
  return sampleBitsPerPixel(
    sampler,
    sourcePath,
    { durationMs, frameRate: { num: 30, den: 1 } },
    SIZE,
    path.join(workDir, 'sampled.h264'),
    {},
  );
}

describe('sampled complexity probe', () => {
  it('measures what the in-transcode probe measures, and tells a still picture from moving graphics', async () => {
    const moving = await generateClip({ durationS: 25, width: 640, height: 360, fps: 30, audio: false });
    const still = await generateFfmpegFixture('still-640x360-25s', [
      ...['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=1/25:duration=25,fps=30'],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-t', '25', '-f', 'mp4'],
    ]);
    const movingBpp = await sampled(moving, 25_000);
    const reference = await inTranscodeBitsPerPixel(moving, 25_000);
    expect(movingBpp).not.toBeNull();
    expect(reference).not.toBeNull();
    // Three windows (0, 10 and 20 s) of 30 frames, the same frames both ways.
    expect(Math.abs((movingBpp ?? 0) / (reference ?? 1) - 1)).toBeLessThan(0.05);
    const stillBpp = await sampled(still, 25_000);
    expect(stillBpp).not.toBeNull();
    expect(stillBpp ?? 1).toBeLessThan((movingBpp ?? 0) / 4);
  }, 120_000);

  it('is cancelled by its signal', async () => {
    const moving = await generateClip({ durationS: 25, width: 640, height: 360, fps: 30, audio: false });
    const error = await sampler
      .sample(
        moving,
        {
          frameRate: { num: 30, den: 1 },
          totalFrames: 750,
          probe: probeSpecFor(SIZE, 25_000, { num: 30, den: 1 }, path.join(workDir, 'cancelled.h264')),
        },
        { signal: AbortSignal.abort() },
      )
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'cancelled' });
  });

  it('fails with transcode_failed, naming the cause, on a file that is not a video', async () => {
    const junk = path.join(workDir, 'junk.mp4');
    await writeFile(junk, 'not a video');
    const error = await sampled(junk, 25_000).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({
      code: 'transcode_failed',
      message: 'The video could not be decoded to measure its complexity.',
    });
  });
});
