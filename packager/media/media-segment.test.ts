import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type DashLadderFixture,
  ffprobeJson,
  generateDashLadder,
} from '../../test/fixtures/generate-media.js';
import { type InitSegmentInfo, parseInitSegment } from './init-segment.js';
import { type FragmentInfo, parseMediaSegment, readSegmentSamples } from './media-segment.js';
import { shiftDecodeTimes } from './shift-decode-times.js';

interface Measured {
  init: InitSegmentInfo;
  fragments: FragmentInfo[];
  segmentSizes: number[];
  joined: Buffer;
}

async function measure(files: { initPath: string; segmentPaths: readonly string[] }): Promise<Measured> {
  const initBuf = await fs.readFile(files.initPath);
  const init = parseInitSegment(initBuf);
  const fragments: FragmentInfo[] = [];
  const segmentSizes: number[] = [];
  const parts = [initBuf];
  for (const segmentPath of files.segmentPaths) {
    const buf = await fs.readFile(segmentPath);
    const segment = parseMediaSegment(buf, init);
    fragments.push(...segment.fragments);
    segmentSizes.push(segment.sizeBytes);
    parts.push(buf);
  }
  return { init, fragments, segmentSizes, joined: Buffer.concat(parts) };
}

async function probedDurationTicks(joined: Buffer, dir: string, name: string): Promise<number> {
  const filePath = path.join(dir, `probe-${name}-${process.pid}.mp4`);
  await fs.writeFile(filePath, joined);
  try {
    const json = (await ffprobeJson(filePath, 'stream=duration_ts')) as {
      streams: Array<{ duration_ts: number }>;
    };
    return json.streams[0]?.duration_ts ?? Number.NaN;
  } finally {
    await fs.rm(filePath, { force: true });
  }
}

describe('parseMediaSegment on ffmpeg dash (CMAF) output', () => {
  let ladder: DashLadderFixture;
  beforeAll(async () => {
    ladder = await generateDashLadder({
      source: { durationS: 5, width: 640, height: 360, fps: 30, audio: true },
      rungHeights: [360, 240],
      audioMuxing: 'separate',
    });
  });

  it('measures video fragments: continuous tfdt from 0, 2 s segments of 60 frames, each starting on a sync sample', async () => {
    for (const rendition of ladder.video) {
      const { init, fragments, segmentSizes, joined } = await measure(rendition);
      expect(fragments.map((f) => f.sequenceNumber)).toEqual([1, 2, 3]);
      expect(fragments.map((f) => f.sampleCount)).toEqual([60, 60, 30]);
      expect(fragments.map((f) => f.durationTicks)).toEqual([2, 2, 1].map((s) => s * init.timescale));
      expect(fragments.every((f) => f.firstSampleIsSync)).toBe(true);
      let expected = 0;
      for (const fragment of fragments) {
        expect(fragment.baseMediaDecodeTime).toBe(expected);
        expected += fragment.durationTicks;
      }
      expect(expected).toBe(await probedDurationTicks(joined, ladder.dir, path.basename(rendition.initPath)));
      // ffmpeg's segments start with styp + sidx, which belong to no fragment.
      fragments.forEach((fragment, index) => expect(fragment.sizeBytes).toBeLessThan(segmentSizes[index]!));
    }
  });

  it('measures audio fragments whose durations add up to what ffprobe reports', async () => {
    const { init, fragments, joined } = await measure(ladder.audio!);
    const total = fragments.reduce((sum, f) => sum + f.durationTicks, 0);
    expect(total).toBe(await probedDurationTicks(joined, ladder.dir, 'audio'));
    expect(fragments.every((f) => f.firstSampleIsSync && f.presentationOffsetTicks === 0)).toBe(true);
    expect(fragments.slice(0, -1).every((f) => f.durationTicks === f.sampleCount * 1024)).toBe(true);
    expect(init.timescale).toBe(48000);
  });

  it('lists every sample: one sync sample per 2 s GOP, composition offsets that present the IDR first', async () => {
    const [rendition] = ladder.video;
    const init = parseInitSegment(await fs.readFile(rendition!.initPath));
    for (const segmentPath of rendition!.segmentPaths) {
      const buf = await fs.readFile(segmentPath);
      const [fragment] = parseMediaSegment(buf, init).fragments;
      const [samples] = readSegmentSamples(buf, init);
      expect(samples).toHaveLength(fragment!.sampleCount);
      expect(samples!.reduce((sum, sample) => sum + sample.durationTicks, 0)).toBe(fragment!.durationTicks);
      expect(samples!.map((sample, index) => (sample.isSync ? index : -1)).filter((i) => i >= 0)).toEqual([
        0,
      ]);
      // x264 veryfast writes B-frames: some samples are presented after later-decoded ones.
      expect(
        samples!.some((sample) => sample.compositionOffsetTicks !== samples![0]!.compositionOffsetTicks),
      ).toBe(true);
      const presentation = samples!.map(
        (sample, index) => index * sample.durationTicks + sample.compositionOffsetTicks,
      );
      expect(Math.min(...presentation)).toBe(fragment!.presentationOffsetTicks);
    }
    const audioInit = parseInitSegment(await fs.readFile(ladder.audio!.initPath));
    const [audioSamples] = readSegmentSamples(await fs.readFile(ladder.audio!.segmentPaths[0]!), audioInit);
    expect(audioSamples!.every((sample) => sample.isSync && sample.compositionOffsetTicks === 0)).toBe(true);
  });

  it('locates the tfdt value, and shifting decode times moves every tfdt and nothing else', async () => {
    const [rendition] = ladder.video;
    const init = parseInitSegment(await fs.readFile(rendition!.initPath));
    const original = await fs.readFile(rendition!.segmentPaths[1]!);
    const [fragment] = parseMediaSegment(original, init).fragments;
    const field = fragment!.tfdtField!;
    const stored =
      field.widthBytes === 8
        ? Number(original.readBigUInt64BE(field.offsetBytes))
        : original.readUInt32BE(field.offsetBytes);
    expect(stored).toBe(fragment!.baseMediaDecodeTime);

    const delta = 10 * init.timescale;
    const shifted = shiftDecodeTimes(original, init, delta);
    expect(shifted.length).toBe(original.length);
    const [moved] = parseMediaSegment(shifted, init).fragments;
    expect(moved).toEqual({ ...fragment, baseMediaDecodeTime: fragment!.baseMediaDecodeTime! + delta });
    expect(original.equals(await fs.readFile(rendition!.segmentPaths[1]!))).toBe(true);
    const differing = [...shifted.keys()].filter((index) => shifted[index] !== original[index]);
    expect(differing.length).toBeGreaterThan(0);
    expect(differing.length).toBeLessThanOrEqual(8); // tfdt and sidx earliest_presentation_time low bytes
    expect(() => shiftDecodeTimes(original, init, -delta)).toThrow(/does not fit/);
  });

  it('reports a fragment whose first sample is flagged non-sync', async () => {
    const [rendition] = ladder.video;
    const init = parseInitSegment(await fs.readFile(rendition!.initPath));
    const buf = Buffer.from(await fs.readFile(rendition!.segmentPaths[0]!));
    // ffmpeg writes trun first_sample_flags right after sample_count and data_offset: set sample_is_non_sync.
    const trunOffset = buf.indexOf('trun', 0, 'latin1') - 4;
    const flags = buf.readUIntBE(trunOffset + 9, 3);
    expect(flags & 0x5).toBe(0x5);
    const firstSampleFlags = trunOffset + 20;
    buf.writeUInt32BE(buf.readUInt32BE(firstSampleFlags) | 0x0001_0000, firstSampleFlags);
    expect(parseMediaSegment(buf, init).fragments[0]?.firstSampleIsSync).toBe(false);
  });

  it('refuses a segment for another track and a truncated segment', async () => {
    const [rendition] = ladder.video;
    const init = parseInitSegment(await fs.readFile(rendition!.initPath));
    const buf = await fs.readFile(rendition!.segmentPaths[0]!);
    expect(() => parseMediaSegment(buf, { ...init, trackId: 9 })).toThrow(
      /carries track 1 but the init segment describes track 9/,
    );
    expect(() => parseMediaSegment(buf.subarray(0, buf.length - 100), init)).toThrow(
      /'mdat' box at \d+ claims/,
    );
  });
});
