import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashRenditionFiles, generateDashLadder } from '../../test/fixtures/generate-media.js';
import { appendFragments, planSegmentJoin } from './append-fragments.js';
import { readBoxes } from './box-reader.js';
import { type InitSegmentInfo, parseInitSegment } from './init-segment.js';
import { parseMediaSegment } from './media-segment.js';

const run = promisify(execFile);

interface Rendition {
  readonly name: string;
  readonly initBuf: Buffer;
  readonly init: InitSegmentInfo;
  /** ffmpeg's segments: 2 s, 2 s and a 0.3 s tail. */
  readonly segments: readonly Buffer[];
}

let renditions: Rendition[];
let workDir: string;

beforeAll(async () => {
  // 4.3 s: the dash muxer ends every rendition with a 0.3 s tail segment, the case M5 merges.
  const ladder = await generateDashLadder({
    source: { durationS: 4.3, width: 640, height: 360, fps: 30, audio: true },
    rungHeights: [360],
    audioMuxing: 'separate',
  });
  const load = async (name: string, files: DashRenditionFiles): Promise<Rendition> => {
    const initBuf = await fs.readFile(files.initPath);
    const segments = await Promise.all(files.segmentPaths.map((file) => fs.readFile(file)));
    return { name, initBuf, init: parseInitSegment(initBuf), segments };
  };
  if (!ladder.video[0] || !ladder.audio) throw new Error('fixture lacks video or audio');
  renditions = [await load('video', ladder.video[0]), await load('audio', ladder.audio)];
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-append-'));
});

afterAll(async () => {
  if (workDir !== undefined) await fs.rm(workDir, { recursive: true, force: true });
});

/** Frames ffprobe decodes from init + segments written back to back, as a player appends them. */
async function decodedFrames(name: string, parts: readonly Buffer[]): Promise<number> {
  const file = path.join(workDir, `${name}.mp4`);
  await fs.writeFile(file, Buffer.concat(parts));
  const ffprobe = process.env.FFPROBE_PATH ?? 'ffprobe';
  const args = [
    '-v',
    'error',
    '-count_frames',
    '-show_entries',
    'stream=nb_read_frames',
    '-of',
    'json',
    file,
  ];
  const { stdout } = await run(ffprobe, args);
  const streams = (JSON.parse(stdout) as { streams: Array<{ nb_read_frames?: string }> }).streams;
  expect(streams).toHaveLength(1);
  return Number(streams[0]?.nb_read_frames);
}

function topLevelTypes(segment: Buffer): string[] {
  return readBoxes(segment).map((box) => box.type);
}

function sampleCount(segments: readonly Buffer[], init: InitSegmentInfo): number {
  return segments
    .flatMap((segment) => parseMediaSegment(segment, init).fragments)
    .reduce((sum, fragment) => sum + fragment.sampleCount, 0);
}

describe('appendFragments on ffmpeg dash output', () => {
  it('joins a tail into one CMAF segment: two fragments, continuous tfdt, one styp and a grown sidx', () => {
    for (const { name, init, segments } of renditions) {
      const [, previous, tail] = segments;
      if (!previous || !tail) throw new Error(`${name}: expected three segments`);
      expect(topLevelTypes(tail).slice(0, 3)).toEqual(['styp', 'sidx', 'moof']);
      const joined = appendFragments([previous, tail], init);

      const parsed = parseMediaSegment(joined, init);
      const [first, second] = parsed.fragments;
      expect(parsed.fragments).toHaveLength(2);
      expect(first?.baseMediaDecodeTime).toBe(
        parseMediaSegment(previous, init).fragments[0]?.baseMediaDecodeTime,
      );
      expect(second?.baseMediaDecodeTime).toBe(first!.baseMediaDecodeTime! + first!.durationTicks);
      expect(second?.firstSampleIsSync).toBe(true);

      const types = topLevelTypes(joined);
      expect(types.filter((type) => type === 'styp')).toHaveLength(1);
      expect(types.filter((type) => type === 'sidx')).toHaveLength(1);
      expect(types.slice(0, 2)).toEqual(['styp', 'sidx']);
      const [sidx] = parsed.segmentIndexes;
      expect(sidx?.references).toHaveLength(1);
      expect(sidx?.references[0]?.referencedSizeBytes).toBe(
        joined.length - sidx!.offsetBytes - sidx!.sizeBytes,
      );
      // ffmpeg writes the sidx in the track timescale.
      expect(sidx?.timescale).toBe(init.timescale);
      expect(sidx?.references[0]?.subsegmentDuration).toBe(first!.durationTicks + second!.durationTicks);

      // Only the tail's styp + sidx are gone, and the plan knew the size without the bytes.
      const tailHeaderBytes = parseMediaSegment(tail, init).fragments[0]!.offsetBytes;
      expect(joined.length).toBe(previous.length + tail.length - tailHeaderBytes);
      const plan = planSegmentJoin(
        [parseMediaSegment(previous, init), parseMediaSegment(tail, init)],
        init.timescale,
      );
      expect(plan).toEqual({ sizeBytes: joined.length, sidx: 'grow' });
    }
  });

  it('gives ffprobe every frame, through init + joined segment and through the whole rendition', async () => {
    for (const { name, initBuf, init, segments } of renditions) {
      const [head, previous, tail] = segments;
      if (!head || !previous || !tail) throw new Error(`${name}: expected three segments`);
      const joined = appendFragments([previous, tail], init);
      expect(await decodedFrames(`${name}-joined`, [initBuf, joined])).toBe(
        sampleCount([previous, tail], init),
      );
      const all = sampleCount(segments, init);
      if (name === 'video') expect(all).toBe(129); // 4.3 s at 30 fps
      expect(await decodedFrames(`${name}-all`, [initBuf, head, joined])).toBe(all);
    }
  });

  it('joins three files, keeps a single file as it is, and keeps a head without sidx as it is', () => {
    const { init, segments } = renditions[0]!;
    const joined = appendFragments(segments, init);
    const parsed = parseMediaSegment(joined, init);
    expect(parsed.fragments.map((f) => f.baseMediaDecodeTime)).toEqual(
      segments.map((segment) => parseMediaSegment(segment, init).fragments[0]?.baseMediaDecodeTime),
    );
    const reference = parsed.segmentIndexes[0]?.references[0];
    expect(reference?.subsegmentDuration).toBe(parsed.fragments.reduce((t, f) => t + f.durationTicks, 0));
    expect(
      planSegmentJoin(
        segments.map((s) => parseMediaSegment(s, init)),
        init.timescale,
      ).sizeBytes,
    ).toBe(joined.length);

    const [only] = segments;
    expect(appendFragments([only!], init).equals(only!)).toBe(true);

    const [, previous, tail] = segments;
    const bare = previous!.subarray(parseMediaSegment(previous!, init).fragments[0]!.offsetBytes);
    const unindexed = appendFragments([bare, tail!], init);
    expect(topLevelTypes(unindexed).filter((type) => type === 'sidx' || type === 'styp')).toEqual([]);
    expect(parseMediaSegment(unindexed, init).fragments).toHaveLength(2);
  });

  it('removes a sidx it cannot grow faithfully, and the plan counts the removed bytes', () => {
    const { init, segments } = renditions[0]!;
    const [, original, tail] = segments;
    const previous = Buffer.from(original!);
    const sidx = parseMediaSegment(previous, init).segmentIndexes[0]!;
    // A sidx that indexes one byte less than follows it: growing it would keep the lie.
    const reference = sidx.references[0]!;
    previous.writeUInt32BE(reference.referencedSizeBytes - 1, reference.offsetBytes);

    const joined = appendFragments([previous, tail!], init);
    const types = topLevelTypes(joined);
    expect(types.filter((type) => type === 'sidx')).toEqual([]);
    expect(types.filter((type) => type === 'styp')).toHaveLength(1);
    expect(parseMediaSegment(joined, init).fragments).toHaveLength(2);
    const plan = planSegmentJoin(
      [parseMediaSegment(previous, init), parseMediaSegment(tail!, init)],
      init.timescale,
    );
    expect(plan).toEqual({ sizeBytes: joined.length, sidx: 'remove' });
    expect(joined.length).toBe(
      previous.length -
        sidx.sizeBytes +
        tail!.length -
        parseMediaSegment(tail!, init).fragments[0]!.offsetBytes,
    );
  });

  it('refuses a file that is not a media segment', () => {
    const { initBuf, init, segments } = renditions[0]!;
    expect(() => appendFragments([segments[0]!, initBuf], init)).toThrow(/no 'moof'/);
  });
});
