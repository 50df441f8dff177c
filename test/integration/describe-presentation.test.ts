/**
 * The describe stage on what ffmpeg's dash muxer really writes: a raw CMAF ladder fixture is globbed into
 * TranscodedRenditions, measured from disk and described, and the result is checked against the rules and
 * against ffmpeg's own MPD.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LadderPlan, VideoRungPlan } from '../../packager/domain/ladder-plan.js';
import { appendFragments } from '../../packager/media/append-fragments.js';
import { parseInitSegment } from '../../packager/media/init-segment.js';
import { measureRendition } from '../../packager/media/measure-rendition.js';
import { describePresentation } from '../../packager/pipeline/describe-presentation.js';
import type { TranscodedRendition } from '../../packager/ports.js';
import { type ClipOptions, type DashLadderOptions, generateDashLadder } from '../fixtures/generate-media.js';

const RUNGS: readonly VideoRungPlan[] = [
  {
    id: '360p',
    width: 640,
    height: 360,
    crf: 23,
    maxrateBps: 1,
    bufsizeBits: 1,
    profile: 'high',
    level: '3.0',
  },
  // scale=-2:240 of a 16:9 source gives 426 (rounded down to even).
  {
    id: '240p',
    width: 426,
    height: 240,
    crf: 23,
    maxrateBps: 1,
    bufsizeBits: 1,
    profile: 'high',
    level: '3.0',
  },
];

function planFor(source: ClipOptions): LadderPlan {
  return {
    frameRate: { num: source.fps, den: 1 },
    segmentDurationMs: 2000,
    gopFrames: source.fps * 2,
    video: source.video === false ? [] : RUNGS,
    audio: source.audio ? { id: 'audio', bitrateBps: 128000, channels: 2, sampleRateHz: 48000 } : null,
    deinterlace: false,
    toneMap: false,
    x264Preset: 'veryfast',
  };
}

/** What a transcoder adapter would hand over: the files of each representation, found by name in the folder. */
async function globRenditions(
  dir: string,
  plan: LadderPlan,
  audioRepresentation: string,
): Promise<TranscodedRendition[]> {
  const names = (await fs.readdir(dir)).sort();
  const files = (id: string, type: 'video' | 'audio', representation: string): TranscodedRendition => ({
    id,
    type,
    initPath: path.join(dir, `init-${representation}.m4s`),
    segmentPaths: names
      .filter((name) => name.startsWith(`chunk-${representation}-`))
      .map((name) => path.join(dir, name)),
  });
  return [
    ...plan.video.map((rung, index) => files(rung.id, 'video', String(index))),
    ...(plan.audio ? [files(plan.audio.id, 'audio', audioRepresentation)] : []),
  ];
}

async function describeLadder(options: DashLadderOptions) {
  const ladder = await generateDashLadder(options);
  const plan = planFor(options.source);
  const separate = options.audioMuxing === 'separate' && plan.video.length > 0;
  const renditions = await globRenditions(ladder.dir, plan, separate ? 'a0' : String(plan.video.length));
  const measured = await Promise.all(renditions.map((rendition) => measureRendition(rendition)));
  return { ladder, plan, measured, result: describePresentation(measured, plan) };
}

const source = (durationS: number, extra: Partial<ClipOptions> = {}): ClipOptions => ({
  durationS,
  width: 640,
  height: 360,
  fps: 30,
  audio: true,
  ...extra,
});

describe('describe stage on an ffmpeg dash ladder', () => {
  it('describes a ladder whose audio has its own dash output: aligned, continuous, independent segments', async () => {
    const { ladder, result } = await describeLadder({
      source: source(5),
      rungHeights: [360, 240],
      audioMuxing: 'separate',
    });
    if (!result.ok) throw new Error(result.message);
    const { presentation, layout } = result;

    // Codecs, sizes and the video timeline agree with ffmpeg's own MPD (an independent writer of the same facts).
    const mpd = await fs.readFile(path.join(ladder.dir, 'video.mpd'), 'utf8');
    const mpdCodecs = [...mpd.matchAll(/codecs="([^"]+)"/g)].map((match) => match[1]);
    expect(presentation.video.map((v) => v.codecs)).toEqual(mpdCodecs);
    expect(mpd).toContain('<S t="0" d="30720" r="1" />');
    expect(presentation.video.map((v) => [v.id, v.width, v.height])).toEqual([
      ['360p', 640, 360],
      ['240p', 426, 240],
    ]);
    expect(presentation.audio[0]).toMatchObject({ codecs: 'mp4a.40.2', channels: 2, sampleRateHz: 48000 });

    const [top, bottom] = presentation.video;
    expect(top!.segments.map((s) => s.startTicks)).toEqual(bottom!.segments.map((s) => s.startTicks));
    expect(top!.segments.map((s) => s.startTicks / top!.timescale)).toEqual([0, 2, 4]);
    expect(top!.independentSegments).toBe(true);
    expect(top!.bandwidthBps).toBeGreaterThan(bottom!.bandwidthBps);

    // M6: audio boundaries within one AAC frame (1024 samples at 48 kHz) of video's.
    const audio = presentation.audio[0]!;
    expect(audio.segments).toHaveLength(3);
    audio.segments.slice(1).forEach((segment, index) => {
      const videoStart = top!.segments[index + 1]!.startTicks / top!.timescale;
      expect(Math.abs(segment.startTicks / audio.timescale - videoStart)).toBeLessThanOrEqual(1024 / 48000);
    });

    for (const rendition of [...presentation.video, ...presentation.audio]) {
      let next = 0;
      let peak = 0;
      for (const segment of rendition.segments) {
        expect(segment.startTicks).toBe(next); // F3
        next += segment.durationTicks;
        peak = Math.max(peak, (segment.sizeBytes * 8 * rendition.timescale) / segment.durationTicks);
      }
      expect(rendition.bandwidthBps).toBe(Math.ceil(peak));
      const files = layout[rendition.id]!;
      const sizes = await Promise.all(files.segments.map(async (s) => (await fs.stat(s.files[0]!)).size));
      expect(files.segments.map((s) => s.sizeBytes)).toEqual(sizes);
      expect(rendition.segments.map((s) => s.sizeBytes)).toEqual(sizes);
    }
    // Audio runs past video by ffmpeg's AAC priming (1024 samples) and the last frame's padding.
    expect(presentation.durationMs).toBe(
      Math.ceil((audio.segments.reduce((t, s) => t + s.durationTicks, 0) * 1000) / 48000),
    );
    expect(presentation.durationMs).toBeGreaterThanOrEqual(5000);
    expect(presentation.durationMs).toBeLessThan(5050);
  });

  it('merges a short tail in every rendition: two files, sized as the segment they join into', async () => {
    const { result, measured } = await describeLadder({
      source: source(4.3),
      rungHeights: [360, 240],
      audioMuxing: 'separate',
    });
    if (!result.ok) throw new Error(result.message);
    for (const rendition of measured) expect(rendition.segments).toHaveLength(3);
    for (const rendition of [...result.presentation.video, ...result.presentation.audio]) {
      expect(rendition.segments).toHaveLength(2);
      const files = result.layout[rendition.id]!;
      const last = files.segments[1]!;
      expect(last.files).toHaveLength(2);
      const init = parseInitSegment(await fs.readFile(files.init));
      const joined = appendFragments(await Promise.all(last.files.map((file) => fs.readFile(file))), init);
      expect(last.sizeBytes).toBe(joined.length);
      expect(rendition.segments[1]!.sizeBytes).toBe(joined.length);
      // Not the sum of the files: the tail's styp (24 bytes) and sidx (52 bytes) are not published.
      const sizes = await Promise.all(last.files.map(async (file) => (await fs.stat(file)).size));
      expect(joined.length).toBe(sizes[0]! + sizes[1]! - 76);
    }
    const top = result.presentation.video[0]!;
    expect(top.segments[1]!.durationTicks / top.timescale).toBeCloseTo(2.3, 5);
  });

  it('describes an audio-only ladder, merging its short tail', async () => {
    const { result } = await describeLadder({ source: source(2.3, { video: false }), rungHeights: [] });
    if (!result.ok) throw new Error(result.message);
    expect(result.presentation.video).toEqual([]);
    expect(result.presentation.audio[0]?.segments).toHaveLength(1);
  });

  it('rejects the plain one-muxer command: its audio is cut at the video keyframe decode time, not on the boundary', async () => {
    const { result } = await describeLadder({
      source: source(5),
      rungHeights: [360, 240],
      audioMuxing: 'shared',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('transcode_failed');
    expect(result.message).toMatch(
      /^M6: audio segment 2 starts at 1\.96\d\d s but video segment 2 at 2\.0000 s/,
    );
  });
});
