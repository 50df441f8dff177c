/**
 * The complexity probe sampled on its own before any encode, against the same frames taken from a full
 * decode: the same verdict, from a fraction of the decode.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createFfmpegComplexitySampler } from '../../packager/ffmpeg/complexity-sampler.js';
import {
  bitsPerPixelOf,
  probeSpecFor,
  sampleBitsPerPixel,
} from '../../packager/pipeline/complexity-probe.js';
import { PROBE_CRF, probeFrameCount, probeSampling } from '../../packager/pipeline/per-title-ladder.js';
import { generateClip, generateFfmpegFixture } from '../fixtures/generate-media.js';

const SIZE = { width: 640, height: 360 };
const runFfmpeg = (args: string[]) => promisify(execFile)('ffmpeg', args);
const sampler = createFfmpegComplexitySampler({ ffmpegPath: 'ffmpeg' });
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'scalacast-sampler-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/**
 * The reference: a plain ffmpeg command that decodes every frame, keeps the sampled ones (the same windows,
 * by output frame number) and encodes them as the probe does. The sampler must measure what it measures
 * while decoding only the windows.
 */
async function fullDecodeBitsPerPixel(sourcePath: string, durationMs: number): Promise<number | null> {
  const frameRate = { num: 30, den: 1 };
  const sampling = probeSampling(durationMs, frameRate);
  const probePath = path.join(workDir, 'full-decode.h264');
  const select = `select=lt(mod(n\\,${sampling.samplePeriodFrames})\\,${sampling.sampleFrames})`;
  await runFfmpeg([
    ...['-hide_banner', '-loglevel', 'error', '-y', '-i', sourcePath],
    ...['-vf', `fps=30:start_time=0,${select},scale=${SIZE.width}:${SIZE.height},format=yuv420p`],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-crf', String(PROBE_CRF), '-fps_mode', 'passthrough'],
    ...['-an', '-f', 'h264', probePath],
  ]);
  const frames = probeFrameCount((durationMs / 1000) * 30, sampling);
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
  it('measures what a full decode of the same frames measures, and tells a still picture from moving graphics', async () => {
    const moving = await generateClip({ durationS: 25, width: 640, height: 360, fps: 30, audio: false });
    const still = await generateFfmpegFixture('still-640x360-25s', [
      ...['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=1/25:duration=25,fps=30'],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-t', '25', '-f', 'mp4'],
    ]);
    const movingBpp = await sampled(moving, 25_000);
    const reference = await fullDecodeBitsPerPixel(moving, 25_000);
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
