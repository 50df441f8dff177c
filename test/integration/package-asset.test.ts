/**
 * The packaging pipeline as a whole on real ffmpeg, with the in-memory store and catalog (which pass the
 * same contract suites as the real adapters): every outcome a worker can meet, and the promise that the
 * scratch folder is always emptied.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { presentationKey, revisionPrefix, sourceKey } from '../../packager/domain/object-keys.js';
import { createFfmpegTranscoder } from '../../packager/ffmpeg/transcoder.js';
import { packageAsset } from '../../packager/pipeline/package-asset.js';
import type { PackageAssetDeps } from '../../packager/pipeline/pipeline-context.js';
import { AppError } from '../../packager/domain/errors.js';
import type { Catalog, ObjectStore, Transcoder } from '../../packager/ports.js';
import { createMemoryCatalog } from '../fakes/memory-catalog.js';
import { createMemoryObjectStore, type MemoryObjectStore } from '../fakes/memory-object-store.js';
import { generateClip, generateFfmpegFixture } from '../fixtures/generate-media.js';
import { realMediaDeps, silentLogger, uploadSource } from '../setup/in-memory-packaging.js';

const logger = silentLogger;
const ASSET = 'PipelineTestAsset000';
let tmpDir: string;
let store: MemoryObjectStore;
let catalog: Catalog;

beforeEach(async () => {
  tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-pipeline-'));
  store = createMemoryObjectStore();
  catalog = createMemoryCatalog();
});
afterEach(async () => {
  await fs.rm(tmpDir, { recursive: true, force: true });
});

function deps(overrides: Partial<PackageAssetDeps> = {}): PackageAssetDeps {
  return realMediaDeps({ store, catalog, tmpDir }, overrides);
}

async function upload(bytes: Buffer): Promise<void> {
  await uploadSource({ store, catalog }, ASSET, bytes);
}

const job = { v: 1 as const, assetId: ASSET, revision: 1, sourceKey: sourceKey(ASSET) };
const context = (signal = new AbortController().signal) => ({ signal, logger, isFinalAttempt: false });

describe('packageAsset', () => {
  it('publishes every segment, then the description, then commits the revision', async () => {
    await upload(
      await fs.readFile(await generateClip({ durationS: 3, width: 640, height: 360, fps: 30, audio: true })),
    );
    const progress: number[] = [];
    const outcome = await packageAsset(job, deps(), {
      ...context(),
      reportProgress: async (percent) => {
        progress.push(percent);
      },
    });
    expect(outcome.status).toBe('ready');
    const asset = await catalog.getAsset(ASSET);
    expect(asset?.status).toBe('ready');
    expect(asset?.currentRevision).toBe(1);
    expect(asset?.presentation?.video.map((rendition) => rendition.id)).toEqual(['360p']);
    const keys: string[] = [];
    for await (const object of store.list(revisionPrefix(ASSET, 1))) keys.push(object.key);
    expect(keys).toContain(presentationKey(ASSET, 1));
    expect(keys).toContain(`${revisionPrefix(ASSET, 1)}360p/init.mp4`);
    expect(keys).toContain(`${revisionPrefix(ASSET, 1)}audio/2.m4s`);
    expect(await fs.readdir(tmpDir)).toEqual([]);
  });

  it('encodes the per-title ladder its complexity probe chose, and only that one', async () => {
    // Slides (one still picture for the whole clip): low complexity. Of the default 720p, 480p and 360p, the
    // 480p rung is dropped: it has too few pixels more than 360p for a low-complexity ladder.
    const slides = await generateFfmpegFixture('pipeline-slides-720p-4s', [
      ...['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=1/4:duration=4,fps=30'],
      ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=4'],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac'],
      ...['-t', '4', '-f', 'mp4'],
    ]);
    await upload(await fs.readFile(slides));
    const outcome = await packageAsset(job, deps(), context());
    expect(outcome.status).toBe('ready');
    const asset = await catalog.getAsset(ASSET);
    expect(asset?.presentation?.video.map((rendition) => rendition.id)).toEqual(['720p', '360p']);
    const keys: string[] = [];
    for await (const object of store.list(revisionPrefix(ASSET, 1))) keys.push(object.key);
    expect(keys.filter((key) => key.includes('/480p/'))).toEqual([]);
    expect(await fs.readdir(tmpDir)).toEqual([]);
  });

  it('ends a file that is not a video as errored with a reason, once, and keeps nothing', async () => {
    await upload(Buffer.from('definitely not a video\n'.repeat(200)));
    const outcome = await packageAsset(job, deps(), context());
    expect(outcome.status).toBe('errored');
    const asset = await catalog.getAsset(ASSET);
    expect(asset?.status).toBe('errored');
    expect(asset?.error?.code).toBe('source_unreadable');
    expect(asset?.error?.message).toMatch(/not a video file/i);
    const left: string[] = [];
    for await (const object of store.list(revisionPrefix(ASSET, 1))) left.push(object.key);
    expect(left).toEqual([]);
    expect(await fs.readdir(tmpDir)).toEqual([]);
  });

  it('rethrows a retryable failure without marking the asset, unless it is the final attempt', async () => {
    await upload(
      await fs.readFile(await generateClip({ durationS: 2, width: 320, height: 240, fps: 30, audio: false })),
    );
    const failingStore: ObjectStore = {
      ...store,
      putFile: () =>
        Promise.reject(new AppError('upstream_unavailable', 'storage down', { retryable: true })),
    };
    await expect(packageAsset(job, deps({ store: failingStore }), context())).rejects.toMatchObject({
      code: 'upstream_unavailable',
    });
    expect((await catalog.getAsset(ASSET))?.status).toBe('processing');

    const last = await packageAsset(job, deps({ store: failingStore }), {
      ...context(),
      isFinalAttempt: true,
    });
    expect(last.status).toBe('errored');
    expect((await catalog.getAsset(ASSET))?.error?.code).toBe('upstream_unavailable');
    expect(await fs.readdir(tmpDir)).toEqual([]);
  });

  it('stops ffmpeg and removes its output when the asset is deleted mid-encode', async () => {
    await upload(
      await fs.readFile(
        await generateClip({ durationS: 20, width: 1280, height: 720, fps: 30, audio: true }),
      ),
    );
    const controller = new AbortController();
    const transcoder = createFfmpegTranscoder({ ffmpegPath: 'ffmpeg' });
    const watching: Transcoder = {
      transcode: (source, plan, out, options) =>
        transcoder.transcode(source, plan, out, {
          ...options,
          onProgress: (percent) => {
            options?.onProgress?.(percent);
            if (percent > 5) controller.abort();
          },
        }),
    };
    await expect(
      packageAsset(job, deps({ transcoder: watching }), context(controller.signal)),
    ).rejects.toMatchObject({
      code: 'cancelled',
    });
    const left: string[] = [];
    for await (const object of store.list(revisionPrefix(ASSET, 1))) left.push(object.key);
    expect(left).toEqual([]);
    expect(await fs.readdir(tmpDir)).toEqual([]);
  });

  it('does nothing for an asset deleted before the job ran', async () => {
    await upload(Buffer.from('x'));
    await catalog.deleteAsset(ASSET);
    expect((await packageAsset(job, deps(), context())).status).toBe('gone');
    expect(await fs.readdir(tmpDir)).toEqual([]);
  });
});
