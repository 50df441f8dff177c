/**
 * The provisional presentation a whole-source run commits while it encodes must agree with what the encoder
 * then writes: players that start on it keep its timelines. Real ffprobe and
 * ffmpeg over clips of several frame rates and lengths (one with a short tail that M5 merges): every segment
 * but the last declared exactly, the same number of segments, the last within one frame (video) or one AAC
 * frame (audio).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rendition } from '../../manifests/model.js';
import { createFfprobeProber } from '../../packager/ffmpeg/prober.js';
import { createFfmpegTranscoder } from '../../packager/ffmpeg/transcoder.js';
import { readInitSegmentFile } from '../../packager/media/read-media-file.js';
import { declarePresentation } from '../../packager/pipeline/declare-presentation.js';
import { describeStage } from '../../packager/pipeline/stage-outputs.js';
import { planWholeLadder } from '../../packager/pipeline/stage-plans.js';
import { generateClip } from '../fixtures/generate-media.js';

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
    const source = await prober.probe(clip);
    const options = { segmentDurationMs: 2000, x264Preset: 'ultrafast', perTitle: false };
    const { plan } = planWholeLadder(source, options, null);
    const outputDir = await fs.mkdtemp(path.join(tmpDir, 'out-'));
    const renditions = await transcoder.transcode(clip, plan, outputDir);
    const inits = new Map(
      await Promise.all(renditions.map(async (r) => [r.id, await readInitSegmentFile(r.initPath)] as const)),
    );
    const declared = declarePresentation({ plan, durationMs: source.durationMs, inits });
    const measured = (await describeStage(renditions, plan)).presentation;
    expect(declared?.provisional).toBe(true);
    const all = (p: typeof measured) => [...p.video, ...p.audio];
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
  });
});

function timing(segment: { startTicks: number; durationTicks: number }) {
  return { startTicks: segment.startTicks, durationTicks: segment.durationTicks };
}
