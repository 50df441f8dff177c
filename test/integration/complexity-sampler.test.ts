/**
 * The complexity probe sampled on its own before any encode, against the same frames taken from a full
 * decode: the same verdict, from a fraction of the decode.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  createFfmpegComplexitySampler,
  parseFramecrcSizes,
} from '../../packager/ffmpeg/complexity-sampler.js';
import {
  probeSpecFor,
  sampleBitsPerPixel,
  segmentBitsPerPixel,
} from '../../packager/pipeline/complexity-probe.js';
import { PROBE_CRF, probeSampling } from '../../packager/pipeline/per-title-ladder.js';
import { generateClip, generateFfmpegFixture } from '../fixtures/generate-media.js';

const SIZE = { width: 640, height: 360 };
const GOP_FRAMES = 60;
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
 * by output frame number) and encodes them as the probe does, one stream with an IDR at each window's first
 * frame. The sampler must measure what it measures while decoding only the windows.
 */
async function fullDecodeBitsPerPixel(sourcePath: string, durationMs: number): Promise<number | null> {
  const frameRate = { num: 30, den: 1 };
  const { samplePeriodFrames, sampleFrames } = probeSampling(durationMs, frameRate);
  const listing = path.join(workDir, 'full-decode.framecrc');
  const select = `select=lt(mod(n\\,${samplePeriodFrames})\\,${sampleFrames})`;
  await runFfmpeg([
    ...['-hide_banner', '-loglevel', 'error', '-y', '-i', sourcePath],
    ...['-vf', `fps=30:start_time=0,${select},scale=${SIZE.width}:${SIZE.height},format=yuv420p`],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-crf', String(PROBE_CRF), '-fps_mode', 'passthrough'],
    ...['-force_key_frames', `expr:eq(mod(n,${sampleFrames}),0)`],
    ...['-an', '-f', 'framecrc', listing],
  ]);
  const sizes = parseFramecrcSizes(await readFile(listing, 'utf8'));
  const windows = Array.from({ length: Math.ceil(sizes.length / sampleFrames) }, (_, index) =>
    sizes.slice(index * sampleFrames, (index + 1) * sampleFrames),
  );
  return segmentBitsPerPixel(windows, GOP_FRAMES, SIZE);
}

function sampled(sourcePath: string, durationMs: number): Promise<number | null> {
  return sampleBitsPerPixel(
    sampler,
    sourcePath,
    { durationMs, frameRate: { num: 30, den: 1 }, gopFrames: GOP_FRAMES },
    SIZE,
    path.join(workDir, 'sampled'),
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
    // Three windows (0, 10 and 20 s) of 15 frames, the same frames both ways.
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
          probe: probeSpecFor(SIZE, 25_000, { num: 30, den: 1 }, path.join(workDir, 'cancelled')),
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
