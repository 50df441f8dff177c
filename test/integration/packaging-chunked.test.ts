/**
 * Split-and-stitch on real ffmpeg and a real redis-server (BullMQ flows), with the in-memory store and
 * catalog: a long source is cut into chunk jobs that two consumers share, each chunk every rung in one decode;
 * the parts publish their segments in place, the run turns playable from a provisional presentation before
 * its finish, and the result is one continuous presentation, compared with the unchunked encode of the same
 * source at the same settings.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderMediaPlaylist } from '../../manifests/hls/media.js';
import type { Presentation, VideoRendition } from '../../manifests/model.js';
import { segmentUri } from '../../manifests/model.js';
import { assetPrefix, revisionObjectKey } from '../../packager/domain/object-keys.js';
import { createFfprobeProber } from '../../packager/ffmpeg/prober.js';
import { createFfmpegComplexitySampler } from '../../packager/ffmpeg/complexity-sampler.js';
import { createFfmpegTranscoder } from '../../packager/ffmpeg/transcoder.js';
import {
  createFfmpegImageRenderer,
  type ImageRenderer,
} from '../../packager/images/ffmpeg-image-renderer.js';
import { readImageIndex } from '../../packager/images/publish-images.js';
import type { PackageAssetDeps } from '../../packager/pipeline/pipeline-context.js';
import { createLogger } from '../../packager/platform/logger.js';
import { createMetricsRegistry } from '../../packager/platform/metrics.js';
import { createQueueRedis } from '../../packager/platform/redis.js';
import type { Catalog } from '../../packager/ports.js';
import { createBullmqJobQueue, type BullmqJobQueue } from '../../packager/queue/bullmq-job-queue.js';
import {
  startPackagingConsumer,
  type PackagingConsumer,
} from '../../packager/queue/bullmq-packaging-consumer.js';
import { createBullmqStageScheduler } from '../../packager/queue/bullmq-stage-scheduler.js';
import { finishRunJobId } from '../../packager/queue/contract.js';
import { createPackagingHandlers } from '../../workers/package-asset.processor.js';
import { createWorkerMetrics } from '../../workers/worker-metrics.js';
import { createMemoryCatalog } from '../fakes/memory-catalog.js';
import { createMemoryObjectStore, type MemoryObjectStore } from '../fakes/memory-object-store.js';
import { generateClip, generateFfmpegFixture } from '../fixtures/generate-media.js';
import { startRedis, uniquePrefix, type TestRedis } from '../setup/redis.js';
import { processesUsing } from '../setup/processes-using.js';
import { uploadSource } from '../setup/in-memory-packaging.js';
import { withoutLastSegment } from '../setup/playlist-lines.js';
import { waitFor } from '../setup/wait-for.js';

const run = promisify(execFile);
const logger = createLogger({ level: 'silent', base: {} });
let redis: TestRedis;
let tmpDir: string;
const opened: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => redis.stop());
afterEach(async () => {
  for (const close of opened.splice(0).reverse()) await close().catch(() => undefined);
  await fs.rm(tmpDir, { recursive: true, force: true });
});

interface Harness {
  readonly store: MemoryObjectStore;
  readonly catalog: Catalog;
  /** Every provisional commit: the presentation, and the etag of each object stored at that moment. */
  readonly provisional: Array<{ presentation: Presentation; status: string; stored: Map<string, string> }>;
  readonly queue: BullmqJobQueue;
  readonly consumers: PackagingConsumer[];
  /** Which consumer ran each job, by job id. */
  readonly ranBy: Map<string, string>;
  /** Every key downloaded to a worker's disk. */
  readonly downloaded: string[];
}

function connect(): Redis {
  const connection = createQueueRedis(redis.url);
  opened.push(() => connection.quit());
  return connection;
}

/**
 * The image renderer: by default one that only tiles storyboard sheets, since the encodes take every image
 * (rendering from the packaged rungs would fail the run); with `partImages: false` the parts take none, and
 * the finish renders them from the rungs.
 */
function imageRenderer(fromRungs: boolean): ImageRenderer {
  const renderer = createFfmpegImageRenderer({ ffmpegPath: 'ffmpeg' });
  if (fromRungs) return renderer;
  const refuse = () => Promise.reject(new Error('rendered from the rungs'));
  return { renderGrid: refuse, renderFrame: refuse, tileSheets: (...args) => renderer.tileSheets(...args) };
}

async function harness(options: {
  chunked: boolean;
  consumers: number;
  perTitle?: boolean;
  partImages?: boolean;
}): Promise<Harness> {
  tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-chunked-'));
  const prefix = uniquePrefix('chunked');
  const store = createMemoryObjectStore();
  const memoryCatalog = createMemoryCatalog();
  const provisional: Harness['provisional'] = [];
  const catalog: Catalog = {
    ...memoryCatalog,
    commitPreview: async (id, revision, presentation) => {
      const stored = new Map<string, string>();
      for await (const object of store.list(assetPrefix(id))) stored.set(object.key, object.etag);
      const ok = await memoryCatalog.commitPreview(id, revision, presentation);
      const status = (await memoryCatalog.getAsset(id))?.status ?? 'gone';
      provisional.push({ presentation, status, stored });
      return ok;
    },
  };
  const scheduler = createBullmqStageScheduler({ connection: connect(), prefix });
  opened.push(() => scheduler.close());
  const queue = createBullmqJobQueue({ connection: connect(), prefix });
  opened.push(() => queue.close());
  const downloaded: string[] = [];
  const deps: PackageAssetDeps = {
    store: {
      ...store,
      downloadToFile: (key, file) => (downloaded.push(key), store.downloadToFile(key, file)),
    },
    catalog,
    prober: createFfprobeProber({ ffprobePath: 'ffprobe' }),
    transcoder: createFfmpegTranscoder({ ffmpegPath: 'ffmpeg' }),
    sampler: createFfmpegComplexitySampler({ ffmpegPath: 'ffmpeg' }),
    images: imageRenderer(options.partImages === false),
    tmpDir,
    segmentDurationMs: 2000,
    x264Preset: 'veryfast',
    ffmpegThreads: 1,
    perTitle: options.perTitle ?? false,
    chunking: options.chunked ? { thresholdMs: 10_000, chunkDurationMs: 4_000 } : undefined,
    scheduler,
  };
  const ranBy = new Map<string, string>();
  const consumers: PackagingConsumer[] = [];
  for (let index = 0; index < options.consumers; index++) {
    const metrics = createWorkerMetrics(createMetricsRegistry({}));
    const handlers = createPackagingHandlers(deps, metrics);
    const parts =
      options.partImages === false
        ? createPackagingHandlers({ ...deps, images: undefined }, metrics)
        : handlers;
    const name = `consumer-${index}`;
    const consumer = await startPackagingConsumer({
      connection: connect(),
      subscriber: connect(),
      prefix,
      concurrency: 1,
      logger,
      handlers: {
        packageAsset: (job, context) => (ranBy.set(context.jobId, name), handlers.packageAsset(job, context)),
        encodePart: (job, context) => (ranBy.set(context.jobId, name), parts.encodePart(job, context)),
        finishRun: (job, context) => (ranBy.set(context.jobId, name), handlers.finishRun(job, context)),
      },
    });
    opened.push(() => consumer.close(2000));
    consumers.push(consumer);
  }
  return { store, catalog, provisional, queue, consumers, ranBy, downloaded };
}

async function packageClip(h: Harness, assetId: string, clip: string): Promise<Presentation> {
  await h.queue.enqueuePackageAsset(await uploadSource(h, assetId, clip));
  await waitFor(
    async () => ['ready', 'errored'].includes((await h.catalog.getAsset(assetId))?.status ?? ''),
    {
      timeoutMs: 240_000,
      intervalMs: 100,
      what: `asset ${assetId} to be packaged`,
    },
  );
  const asset = await h.catalog.getAsset(assetId);
  expect(asset?.error).toBeNull();
  if (!asset?.presentation) throw new Error('no presentation');
  return asset.presentation;
}

/** The rendition as one file (init + segments as served), for ffmpeg. */
async function joinedRendition(
  h: Harness,
  assetId: string,
  rendition: VideoRendition,
  file: string,
): Promise<string> {
  const parts = [await h.store.getBuffer(revisionObjectKey(assetId, 1, rendition.initUri), 1 << 20)];
  for (let index = 0; index < rendition.segments.length; index++) {
    parts.push(await h.store.getBuffer(revisionObjectKey(assetId, 1, segmentUri(rendition, index)), 1 << 26));
  }
  const target = path.join(os.tmpdir(), `scalacast-joined-${process.pid}-${file}.mp4`);
  await fs.writeFile(target, Buffer.concat(parts));
  return target;
}

function totalBytes(presentation: Presentation): number {
  return [...presentation.video, ...presentation.audio]
    .flatMap((rendition) => rendition.segments)
    .reduce((sum, segment) => sum + segment.sizeBytes, 0);
}

describe('split-and-stitch across workers', () => {
  it('stitches chunks from two consumers into one continuous presentation matching the unchunked encode', async () => {
    // 20 s in chunks of 4 s, cut mid-GOP of the source. Five, so that the run turns playable before its
    // finish even on a busy machine.
    const clip = await generateClip({ durationS: 20, width: 854, height: 480, fps: 30, audio: true });
    // Per-title on both sides: both plan their ladder from the sampled probe and must pick the same one.
    const chunked = await harness({ chunked: true, consumers: 2, perTitle: true });
    const stitched = await packageClip(chunked, 'ChunkedAsset00000001', clip);
    // One flow: the finish is the parent of the audio part and of the five chunk parts.
    const finish = await chunked.queue.queue.getJob(finishRunJobId('ChunkedAsset00000001', 1));
    expect(Object.keys((await finish?.getDependencies())?.processed ?? {})).toHaveLength(6);
    const partRunners = new Set(
      [...chunked.ranBy].filter(([jobId]) => /\.part\.c\d$/.test(jobId)).map(([, by]) => by),
    );
    expect(partRunners.size).toBe(2);
    // Five chunks, each every rung in one decode: one encode job per chunk.
    expect([...chunked.ranBy.keys()].filter((id) => /\.c\d$/.test(id))).toHaveLength(5);
    expect(chunked.store.keys().filter((key) => key.includes('/_work/'))).toEqual([]);
    expect(await fs.readdir(tmpDir)).toEqual([]);
    // The finish downloaded the init segments, the tails and the images, not the segments the parts had put
    // in place: it took their facts from the parts.
    const finalSegment = (key: string) => key.endsWith('.m4s') && !key.includes('/_work/');
    expect(chunked.downloaded.filter(finalSegment)).toEqual([]);
    expect(chunked.downloaded.filter((key) => key.includes('/_work/') && key.endsWith('.m4s'))).not.toEqual(
      [],
    );

    // Playable before the finish, from a provisional presentation of the whole ladder; at that moment the
    // first segments were at their final keys and the last segment (held back) was not.
    const [early] = chunked.provisional;
    expect(early?.status).toBe('processing');
    expect(early?.presentation.provisional).toBe(true);
    const ids = (presentation: Presentation) =>
      [...presentation.video, ...presentation.audio].map((rendition) => rendition.id);
    expect(ids(early?.presentation as Presentation)).toEqual(ids(stitched));
    for (const id of ids(stitched)) {
      const prefix = revisionObjectKey('ChunkedAsset00000001', 1, `${id}/`);
      expect(early?.stored.has(`${prefix}init.mp4`), id).toBe(true);
      expect(early?.stored.has(`${prefix}1.m4s`), id).toBe(true);
      expect(early?.stored.has(`${prefix}10.m4s`), id).toBe(false);
      // A player that started on it reads the same segments at the same times: the final media playlist is
      // the provisional one but for the last EXTINF ...
      const asIs = (uri: string) => uri;
      expect(withoutLastSegment(renderMediaPlaylist(early?.presentation as Presentation, id, asIs)), id).toBe(
        withoutLastSegment(renderMediaPlaylist(stitched, id, asIs)),
      );
    }
    // ... and the same bytes: no segment stored by a part is written again by the finish.
    const etags = new Map<string, string>();
    for await (const object of chunked.store.list(assetPrefix('ChunkedAsset00000001'))) {
      etags.set(object.key, object.etag);
    }
    for (const [key, etag] of early?.stored ?? []) {
      if (key.endsWith('.m4s') && !key.includes('/_work/')) expect(etags.get(key), key).toBe(etag);
    }

    for (const rendition of [...stitched.video, ...stitched.audio]) {
      // F3 across chunk boundaries: every segment starts where the one before ended.
      rendition.segments.forEach((segment, index) => {
        const previous = rendition.segments[index - 1];
        if (previous) expect(segment.startTicks).toBe(previous.startTicks + previous.durationTicks);
      });
      expect(rendition.segments).toHaveLength(10);
    }

    const whole = await harness({ chunked: false, consumers: 1, perTitle: true });
    const reference = await packageClip(whole, 'WholeAsset0000000001', clip);
    expect(stitched.video.map((r) => r.id)).toEqual(reference.video.map((r) => r.id));
    // Equal settings: total size within 3% of the unchunked encode, and every rendition within 5%.
    const ratio = totalBytes(stitched) / totalBytes(reference);
    expect(Math.abs(ratio - 1)).toBeLessThan(0.03);
    for (const rendition of stitched.video) {
      const other = reference.video.find((candidate) => candidate.id === rendition.id);
      expect(Math.abs(rendition.averageBandwidthBps / (other?.averageBandwidthBps ?? 1) - 1)).toBeLessThan(
        0.05,
      );
      expect(rendition.segments.map((s) => [s.startTicks, s.durationTicks])).toEqual(
        other?.segments.map((s) => [s.startTicks, s.durationTicks]),
      );
    }
    expect(stitched.audio[0]?.segments.map((s) => s.sizeBytes)).toEqual(
      reference.audio[0]?.segments.map((s) => s.sizeBytes),
    );

    // The images, taken by the chunks as they encoded (the finish rendered nothing from the rungs), are
    // those of the unchunked encode: the same grid and posters, the same pictures.
    const index = await readImageIndex(chunked.store, 'ChunkedAsset00000001', 1);
    expect(index).toEqual(await readImageIndex(whole.store, 'WholeAsset0000000001', 1));
    expect(index?.thumbnails.count).toBe(20);
    expect(index?.posters.map((poster) => poster.atMs)).toEqual([5000, 5000]);
    const images = [
      ...Array.from({ length: 20 }, (_, k) => `thumbs/${k}.jpg`),
      ...(index?.posters ?? []).map((poster) => `poster/${poster.height}.jpg`),
      'storyboard/1.jpg',
    ];
    for (const image of images) {
      const read = (h: Harness, assetId: string) =>
        h.store.getBuffer(revisionObjectKey(assetId, 1, `images/${image}`), 1 << 22);
      const [ours, theirs] = await Promise.all([
        read(chunked, 'ChunkedAsset00000001'),
        read(whole, 'WholeAsset0000000001'),
      ]);
      expect(ours.equals(theirs), image).toBe(true);
    }

    // Frame accuracy: the stitched top rung shows the same picture as the unchunked one at every frame
    // (a chunk shifted by one frame would drop the PSNR of the moving test pattern far below this).
    const top = stitched.video[0] as VideoRendition;
    const a = await joinedRendition(chunked, 'ChunkedAsset00000001', top, 'a');
    const b = await joinedRendition(whole, 'WholeAsset0000000001', reference.video[0] as VideoRendition, 'b');
    const stats = path.join(os.tmpdir(), `scalacast-psnr-${process.pid}.log`);
    try {
      await run('ffmpeg', [
        '-hide_banner',
        '-loglevel',
        'error',
        '-i',
        a,
        '-i',
        b,
        '-lavfi',
        `psnr=stats_file=${stats}`,
        '-f',
        'null',
        '-',
      ]);
      const frames = (await fs.readFile(stats, 'utf8')).trim().split('\n');
      expect(frames).toHaveLength(600);
      const psnr = (line: string) => {
        const value = /psnr_avg:([0-9.]+|inf)/.exec(line)?.[1] ?? '0';
        return value === 'inf' ? Infinity : Number(value);
      };
      const worst = Math.min(...frames.map(psnr));
      expect(worst).toBeGreaterThan(30);
    } finally {
      await Promise.all([a, b, stats].map((file) => fs.rm(file, { force: true })));
    }
  }, 400_000);

  it('renders the images from the packaged rungs when the parts took none', async () => {
    // Parts run by workers with images turned off (or by a version that took none): the finish renders the
    // whole grid and the posters from the rungs, as it did before the parts took them.
    const clip = await generateClip({ durationS: 12, width: 640, height: 360, fps: 30, audio: false });
    const h = await harness({ chunked: true, consumers: 1, partImages: false });
    await packageClip(h, 'RungImagesAsset00001', clip);
    const index = await readImageIndex(h.store, 'RungImagesAsset00001', 1);
    expect(index?.thumbnails.count).toBe(12);
    expect(index?.storyboard).toMatchObject({ count: 12, sheets: 1 });
    expect(index?.posters.map((poster) => [poster.height, poster.atMs])).toEqual([[360, 3000]]);
    expect(h.store.keys().filter((key) => key.includes('/images/thumbs/'))).toHaveLength(12);
    // Rendering from the rungs needs their segments: the finish downloaded every one of them.
    expect(
      h.downloaded.filter((key) => key.endsWith('.m4s') && !key.includes('/_work/')).length,
    ).toBeGreaterThan(0);
    expect(h.store.keys().filter((key) => key.includes('/_work/'))).toEqual([]);
  }, 200_000);

  it('cuts no chunk after the video has ended: the last one runs on, its picture held, to the end of the audio', async () => {
    // 5 s of video, 13 s of audio: 4 s chunks from the container's 13 s would start one at 8 s, with no
    // picture to encode.
    const clip = await generateFfmpegFixture('chunked-audio-outlasts-video', [
      ...['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30:duration=5'],
      ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=13'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '60', '-pix_fmt', 'yuv420p'],
      ...['-c:a', 'aac', '-f', 'mp4'],
    ]);
    const h = await harness({ chunked: true, consumers: 1 });
    const presentation = await packageClip(h, 'AudioOutlasts0000001', clip);
    const parts = [...h.ranBy.keys()].filter((id) => /\.part\.c\d$/.test(id));
    expect(parts).toHaveLength(2);
    const [video] = presentation.video;
    if (!video) throw new Error('no video rendition');
    const last = video.segments.at(-1);
    const videoMs = last ? ((last.startTicks + last.durationTicks) * 1000) / video.timescale : 0;
    // The picture runs to the end of the audio (within a frame), as in an unchunked encode.
    expect(Math.abs(videoMs - presentation.durationMs)).toBeLessThanOrEqual(34);
    expect(presentation.durationMs).toBeGreaterThanOrEqual(12_900);
  }, 200_000);

  it('stops the chunk jobs of a deleted asset and leaves no object, file or process behind', async () => {
    const clip = await generateClip({ durationS: 24, width: 1280, height: 720, fps: 30, audio: true });
    const h = await harness({ chunked: true, consumers: 2 });
    const assetId = 'DeletedChunkAsset001';
    await h.queue.enqueuePackageAsset(await uploadSource(h, assetId, clip));
    await waitFor(
      () => h.consumers.some((consumer) => consumer.runningJobs().some((job) => job.name === 'encode-part')),
      {
        timeoutMs: 120_000,
        what: 'a chunk job to start',
      },
    );
    // What DELETE /v1/assets/{id} does: cancel, hide, remove the objects.
    await h.queue.cancelAsset(assetId);
    await h.catalog.deleteAsset(assetId);
    await h.store.deletePrefix(assetPrefix(assetId));
    await waitFor(() => h.consumers.every((consumer) => consumer.runningJobs().length === 0), {
      timeoutMs: 30_000,
      what: 'the running jobs to stop',
    });
    await waitFor(async () => (await fs.readdir(tmpDir)).length === 0, {
      timeoutMs: 10_000,
      what: 'scratch to go',
    });
    expect(h.store.keys().filter((key) => key.startsWith(assetPrefix(assetId)))).toEqual([]);
    expect(await processesUsing(tmpDir)).toEqual([]);
    const counts = await h.queue.queue.getJobCounts(
      'waiting',
      'prioritized',
      'waiting-children',
      'active',
      'delayed',
    );
    expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(0);
  }, 300_000);
});
