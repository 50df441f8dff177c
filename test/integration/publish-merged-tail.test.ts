/**
 * Transcode -> measure -> describe -> publish on real ffmpeg output, into the in-memory object store: what is
 * stored is what the presentation says (sizes to the byte, durations to the tick), and a short tail merged by
 * the describe stage is published as one CMAF segment.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Presentation, Rendition } from '../../manifests/model.js';
import { segmentUri } from '../../manifests/model.js';
import { planLadder } from '../../packager/domain/ladder.js';
import { presentationKey, revisionObjectKey } from '../../packager/domain/object-keys.js';
import { createFfprobeProber } from '../../packager/ffmpeg/prober.js';
import { createFfmpegTranscoder } from '../../packager/ffmpeg/transcoder.js';
import { readBoxes } from '../../packager/media/box-reader.js';
import { parseInitSegment } from '../../packager/media/init-segment.js';
import { measureRendition } from '../../packager/media/measure-rendition.js';
import { parseMediaSegment } from '../../packager/media/media-segment.js';
import type { SegmentLayout } from '../../packager/pipeline/describe-presentation.js';
import { describePresentation } from '../../packager/pipeline/describe-presentation.js';
import { publishRevision } from '../../packager/pipeline/publish-revision.js';
import { type MemoryObjectStore, createMemoryObjectStore } from '../fakes/memory-object-store.js';
import { generateClip } from '../fixtures/generate-media.js';

const run = promisify(execFile);
const FFPROBE = process.env.FFPROBE_PATH ?? 'ffprobe';
const prober = createFfprobeProber({ ffprobePath: FFPROBE });
const transcoder = createFfmpegTranscoder({ ffmpegPath: process.env.FFMPEG_PATH ?? 'ffmpeg' });
const AAC_FRAME_SECONDS = 1024 / 48000;
const ASSET_ID = 'asset-tail';
const REVISION = 1;

interface Published {
  readonly presentation: Presentation;
  readonly layout: SegmentLayout;
  readonly store: MemoryObjectStore;
}

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'scalacast-publish-'));
});

afterAll(async () => {
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

async function packageClip(durationS: number): Promise<Published> {
  const sourcePath = await generateClip({ durationS, width: 640, height: 360, fps: 30, audio: true });
  const source = await prober.probe(sourcePath);
  const planned = planLadder(source, { segmentDurationMs: 2000, x264Preset: 'veryfast' });
  if (!planned.ok) throw new Error(planned.message);
  const outputDir = await mkdtemp(path.join(workDir, 'out-'));
  const renditions = await transcoder.transcode(sourcePath, planned.plan, outputDir);
  const measured = await Promise.all(renditions.map((rendition) => measureRendition(rendition)));
  const described = describePresentation(measured, planned.plan);
  if (!described.ok) throw new Error(described.message);
  const store = createMemoryObjectStore();
  const { presentation, layout } = described;
  await publishRevision({ assetId: ASSET_ID, revision: REVISION, presentation, layout }, store);
  return { presentation, layout, store };
}

const objectKey = (uri: string): string => revisionObjectKey(ASSET_ID, REVISION, uri);

/** Stored init + segments of a rendition, checked segment by segment against the presentation. */
async function checkStoredRendition(store: MemoryObjectStore, rendition: Rendition): Promise<Buffer[]> {
  const initBuf = await store.getBuffer(objectKey(rendition.initUri), 1 << 20);
  const init = parseInitSegment(initBuf);
  const stored = [initBuf];
  for (const [index, fact] of rendition.segments.entries()) {
    const key = objectKey(segmentUri(rendition, index));
    expect((await store.stat(key))?.sizeBytes, key).toBe(fact.sizeBytes);
    const segment = await store.getBuffer(key, 64 << 20);
    expect(segment.length, key).toBe(fact.sizeBytes);
    const { fragments, segmentIndexes } = parseMediaSegment(segment, init);
    expect(fragments[0]?.baseMediaDecodeTime, key).toBe(fact.startTicks);
    expect(
      fragments.reduce((ticks, f) => ticks + f.durationTicks, 0),
      key,
    ).toBe(fact.durationTicks);
    const types = readBoxes(segment).map((box) => box.type);
    expect(
      types.filter((type) => type === 'styp'),
      key,
    ).toHaveLength(1);
    expect(segmentIndexes.length, key).toBeLessThanOrEqual(1);
    for (const sidx of segmentIndexes) {
      expect(sidx.references[0]?.referencedSizeBytes, key).toBe(
        segment.length - sidx.offsetBytes - sidx.sizeBytes,
      );
      expect(sidx.references[0]?.subsegmentDuration, key).toBe(fact.durationTicks);
    }
    stored.push(segment);
  }
  return stored;
}

async function decodedFrames(name: string, parts: readonly Buffer[]): Promise<number> {
  const file = path.join(workDir, `${name}.mp4`);
  await writeFile(file, Buffer.concat(parts));
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
  const { stdout } = await run(FFPROBE, args);
  const [stream] = (JSON.parse(stdout) as { streams: Array<{ nb_read_frames?: string }> }).streams;
  return Number(stream?.nb_read_frames);
}

describe.each([
  // 1.3 s is a real last segment, kept: no rendition has a short tail to merge.
  { durationS: 5.3, videoSeconds: [2, 2, 1.3], mergedFiles: 1 },
  // A 0.3 s tail in every rendition: merged (M5), published as one segment of two fragments.
  { durationS: 4.3, videoSeconds: [2, 2.3], mergedFiles: 2 },
])('packaging a $durationS s 640x360 clip with audio', ({ durationS, videoSeconds, mergedFiles }) => {
  let published: Published;

  beforeAll(async () => {
    published = await packageClip(durationS);
  });

  it('stores every segment at exactly the size the presentation announces, each parsing as one segment', async () => {
    const { presentation, store } = published;
    for (const rendition of [...presentation.video, ...presentation.audio]) {
      const stored = await checkStoredRendition(store, rendition);
      const frames = await decodedFrames(`${durationS}-${rendition.id}`, stored);
      const samples = rendition.segments.reduce((ticks, s) => ticks + s.durationTicks, 0);
      // Every frame decodes from init + stored segments: 30 fps video, 1024-sample AAC frames.
      if (rendition.type === 'video') expect(frames).toBe(Math.round(durationS * 30));
      else expect(frames).toBe(samples / 1024);
    }
    const description = await store.getBuffer(presentationKey(ASSET_ID, REVISION), 1 << 20);
    expect(JSON.parse(description.toString('utf8'))).toEqual(presentation);
    const segmentCount = [...presentation.video, ...presentation.audio].reduce(
      (count, rendition) => count + 1 + rendition.segments.length,
      0,
    );
    expect(store.keys()).toHaveLength(segmentCount + 1);
  });

  it(`ends every rendition with segments of ${videoSeconds.join(', ')} s, audio within one AAC frame`, () => {
    const { presentation, layout } = published;
    const [video] = presentation.video;
    const [audio] = presentation.audio;
    if (!video || !audio) throw new Error('expected video and audio');
    expect(video.segments.map((s) => s.durationTicks / video.timescale)).toEqual(videoSeconds);
    for (const rendition of [...presentation.video, ...presentation.audio]) {
      expect(rendition.segments).toHaveLength(videoSeconds.length);
      expect(layout[rendition.id]?.segments.map((s) => s.files.length)).toEqual([
        ...videoSeconds.slice(1).map(() => 1),
        mergedFiles,
      ]);
    }
    // M6: audio boundaries (and the end) within one AAC frame of video's.
    audio.segments.forEach((segment, index) => {
      const videoSegment = video.segments[index]!;
      const audioStart = segment.startTicks / audio.timescale;
      expect(Math.abs(audioStart - videoSegment.startTicks / video.timescale)).toBeLessThanOrEqual(
        AAC_FRAME_SECONDS,
      );
    });
  });
});
