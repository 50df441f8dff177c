/**
 * The provisional presentation a whole-source run commits while it encodes must agree with what the encoder
 * then writes: players that start on it keep its timelines. Real ffprobe and
 * ffmpeg over clips of several frame rates and lengths (one with a short tail that M5 merges): every segment
 * but the last declared exactly, the same number of segments, the last within one frame (video) or one AAC
 * frame (audio); and sources whose video and audio streams end seconds apart, which the encode pads to end
 * together.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Presentation, Rendition } from '../../manifests/model.js';
import { durationFrames } from '../../packager/domain/frame-rate.js';
import { createFfprobeProber } from '../../packager/ffmpeg/prober.js';
import { createFfmpegTranscoder } from '../../packager/ffmpeg/transcoder.js';
import { readInitSegmentFile } from '../../packager/media/read-media-file.js';
import { declarePresentation } from '../../packager/pipeline/declare-presentation.js';
import { describeStage } from '../../packager/pipeline/stage-outputs.js';
import { planWholeLadder } from '../../packager/pipeline/stage-plans.js';
import { generateClip, generateFfmpegFixture } from '../fixtures/generate-media.js';

let tmpDir: string;
beforeAll(async () => {
  tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-declared-'));
});
afterAll(async () => {
  await fs.rm(tmpDir, { recursive: true, force: true });
});

const prober = createFfprobeProber({ ffprobePath: 'ffprobe' });
const transcoder = createFfmpegTranscoder({ ffmpegPath: 'ffmpeg' });

describe('the provisional presentation against the encoded one', () => {
  it.each([
    { fps: 30, durationS: 7.3 },
    { fps: 25, durationS: 6.1 }, // a 0.1 s tail: merged into the segment before it (M5)
    { fps: 24, durationS: 5 },
    { fps: 29.97, durationS: 9 },
  ])('declares $durationS s at $fps fps as it is encoded', async ({ fps, durationS }) => {
    const clip = await generateClip({ durationS, width: 640, height: 360, fps, audio: true });
    await expectDeclaredAsEncoded(clip, fps);
  });

  it.each([
    { video: 6, audio: 9, what: 'audio outlasting the video' },
    { video: 9, audio: 6, what: 'video outlasting the audio' },
  ])('packages $video s of video with $audio s of audio ($what), both ending together', async (streams) => {
    const clip = await generateFfmpegFixture(`declared-video-${streams.video}s-audio-${streams.audio}s`, [
      ...['-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=30:duration=${streams.video}`],
      ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${streams.audio}`],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '60', '-pix_fmt', 'yuv420p', '-c:a', 'aac'],
    ]);
    const measured = await expectDeclaredAsEncoded(clip, 30);
    // As long as the longer stream, both of them: as many audio segments as video ones (M6).
    expect(measured.video[0]?.segments).toHaveLength(5);
    expect(measured.audio[0]?.segments).toHaveLength(5);
    expect(Math.abs(measured.durationMs - 9000)).toBeLessThanOrEqual(22);
  });
});

/** Encodes `clip` as a whole-source run does and checks the declaration against it; returns the measured one. */
async function expectDeclaredAsEncoded(clip: string, fps: number): Promise<Presentation> {
  const source = await prober.probe(clip);
  const options = { segmentDurationMs: 2000, x264Preset: 'ultrafast', perTitle: false };
  const { plan } = planWholeLadder(source, options, null);
  const outputDir = await fs.mkdtemp(path.join(tmpDir, 'out-'));
  const frames = durationFrames(source.durationMs, plan.frameRate);
  const renditions = await transcoder.transcode(clip, plan, outputDir, { frames });
  const inits = new Map(
    await Promise.all(renditions.map(async (r) => [r.id, await readInitSegmentFile(r.initPath)] as const)),
  );
  const declared = declarePresentation({ plan, durationMs: source.durationMs, inits });
  const measured = (await describeStage(renditions, plan)).presentation;
  expect(declared?.provisional).toBe(true);
  const all = (p: Presentation) => [...p.video, ...p.audio];
  const byId = new Map(all(measured).map((rendition) => [rendition.id, rendition]));
  expect(all(declared ?? measured).map((r) => r.id)).toEqual(all(measured).map((r) => r.id));
  for (const want of all(declared ?? measured)) {
    const got = byId.get(want.id) as Rendition;
    expect(want.codecs).toBe(got.codecs);
    expect(want.segments.length, want.id).toBe(got.segments.length);
    const last = want.segments.length - 1;
    expect(want.segments.slice(0, last).map(timing), want.id).toEqual(
      got.segments.slice(0, last).map(timing),
    );
    const tolerance = want.type === 'video' ? want.timescale / fps : (1024 * want.timescale) / 48000;
    const end = (r: Rendition) =>
      (r.segments[last]?.startTicks ?? 0) + (r.segments[last]?.durationTicks ?? 0);
    expect(Math.abs(end(want) - end(got)), want.id).toBeLessThanOrEqual(Math.ceil(tolerance));
  }
  // The period players end at: within one AAC frame (21.3 ms) of the encoded media's end.
  expect(Math.abs((declared?.durationMs ?? 0) - measured.durationMs)).toBeLessThanOrEqual(22);
  return measured;
}

function timing(segment: { startTicks: number; durationTicks: number }) {
  return { startTicks: segment.startTicks, durationTicks: segment.durationTicks };
}
