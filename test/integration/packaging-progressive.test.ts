/**
 * Two-stage packaging of a whole source on real ffmpeg (in-memory store and catalog, which pass the same
 * contract suites as the real adapters): the preview (lowest rung + audio) is committed as playable before
 * the ladder is done, its renditions are the final ones byte for byte, and re-packaging keeps the old
 * revision playing until the new one is final.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderMediaPlaylist } from '../../manifests/hls/media.js';
import type { Presentation } from '../../manifests/model.js';
import { revisionPrefix, sourceKey } from '../../packager/domain/object-keys.js';
import { createFfmpegTranscoder } from '../../packager/ffmpeg/transcoder.js';
import { createFfmpegImageRenderer } from '../../packager/images/ffmpeg-image-renderer.js';
import { readImageIndex } from '../../packager/images/publish-images.js';
import { packageAsset } from '../../packager/pipeline/package-asset.js';
import type { PackageAssetDeps } from '../../packager/pipeline/pipeline-context.js';
import { AppError } from '../../packager/domain/errors.js';
import type { Catalog, Transcoder } from '../../packager/ports.js';
import { createMemoryCatalog } from '../fakes/memory-catalog.js';
import { createMemoryObjectStore, type MemoryObjectStore } from '../fakes/memory-object-store.js';
import { generateClip } from '../fixtures/generate-media.js';
import { realMediaDeps, silentLogger, uploadSource } from '../setup/in-memory-packaging.js';

const logger = silentLogger;
const ASSET = 'ProgressiveAsset0001';
let tmpDir: string;
let store: MemoryObjectStore;
let catalog: Catalog;

beforeEach(async () => {
  tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-progressive-'));
  store = createMemoryObjectStore();
  catalog = createMemoryCatalog();
});
afterEach(async () => {
  await fs.rm(tmpDir, { recursive: true, force: true });
});

function deps(overrides: Partial<PackageAssetDeps> = {}): PackageAssetDeps {
  return realMediaDeps(
    { store, catalog, tmpDir },
    { images: createFfmpegImageRenderer({ ffmpegPath: 'ffmpeg' }), ...overrides },
  );
}

async function upload(file: string): Promise<void> {
  await uploadSource({ store, catalog }, ASSET, file);
}

const context = { signal: new AbortController().signal, logger, isFinalAttempt: false };
const job = (revision: number) => ({ v: 1 as const, assetId: ASSET, revision, sourceKey: sourceKey(ASSET) });

async function keys(prefix: string): Promise<string[]> {
  const found: string[] = [];
  for await (const object of store.list(prefix)) found.push(object.key);
  return found.sort();
}

describe('progressive publish of a whole source', () => {
  it('is playable from the preview first; the final revision keeps the preview renditions as they were', async () => {
    await upload(await generateClip({ durationS: 5, width: 854, height: 480, fps: 30, audio: true }));
    const seen: Array<{ status: string; renditions: string[] }> = [];
    let preview: Presentation | null = null;
    let previewEtags: Record<string, string> = {};
    const watched: Catalog = {
      ...catalog,
      commitPreview: async (id, revision, presentation) => {
        const ok = await catalog.commitPreview(id, revision, presentation);
        const asset = await catalog.getAsset(id);
        seen.push({ status: asset?.status ?? 'gone', renditions: renditionIds(asset?.presentation ?? null) });
        preview = presentation;
        previewEtags = await etags(revisionPrefix(ASSET, 1));
        return ok;
      },
    };
    const outcome = await packageAsset(job(1), deps({ catalog: watched }), context);
    expect(outcome.status).toBe('ready');
    // Playable while still processing, with the lowest rung and the audio only.
    expect(seen).toEqual([{ status: 'processing', renditions: ['360p', 'audio'] }]);
    const asset = await catalog.getAsset(ASSET);
    expect(asset?.status).toBe('ready');
    const final = asset?.presentation;
    expect(renditionIds(final ?? null)).toEqual(['480p', '360p', 'audio']);
    // A player that loaded the preview's playlists keeps valid ones: same text, same segment objects.
    for (const id of ['360p', 'audio']) {
      const asIs = (uri: string) => uri;
      expect(final && renderMediaPlaylist(final, id, asIs)).toBe(
        preview && renderMediaPlaylist(preview, id, asIs),
      );
    }
    const after = await etags(revisionPrefix(ASSET, 1));
    for (const [key, etag] of Object.entries(previewEtags)) {
      if (/\/(360p|audio)\//.test(key)) expect(after[key], key).toBe(etag);
    }
    expect(await keys(`${revisionPrefix(ASSET, 1)}_work/`)).toEqual([]);
    expect(await fs.readdir(tmpDir)).toEqual([]);
  });

  it('resumes a preview after a failure: the asset stays playable, the retry finishes the ladder', async () => {
    await upload(await generateClip({ durationS: 4, width: 854, height: 480, fps: 30, audio: true }));
    const transcoder = createFfmpegTranscoder({ ffmpegPath: 'ffmpeg' });
    const failingLadder: Transcoder = {
      transcode: (source, plan, out, options) =>
        plan.video.some((rung) => rung.id === '480p')
          ? Promise.reject(new AppError('upstream_unavailable', 'storage down', { retryable: true }))
          : transcoder.transcode(source, plan, out, options),
    };
    await expect(packageAsset(job(1), deps({ transcoder: failingLadder }), context)).rejects.toMatchObject({
      code: 'upstream_unavailable',
    });
    const between = await catalog.getAsset(ASSET);
    expect(between?.status).toBe('processing');
    expect(renditionIds(between?.presentation ?? null)).toEqual(['360p', 'audio']);

    const previewObjects = await etags(`${revisionPrefix(ASSET, 1)}360p/`);
    const plans: string[][] = [];
    const counting: Transcoder = {
      transcode: (source, plan, out, options) => {
        plans.push(plan.video.map((rung) => rung.id));
        return transcoder.transcode(source, plan, out, options);
      },
    };
    const outcome = await packageAsset(job(1), deps({ transcoder: counting }), context);
    expect(outcome.status).toBe('ready');
    expect(renditionIds((await catalog.getAsset(ASSET))?.presentation ?? null)).toEqual([
      '480p',
      '360p',
      'audio',
    ]);
    // The committed preview is resumed, not encoded again: its objects are the ones players already read.
    expect(plans).toEqual([['480p']]);
    expect(await etags(`${revisionPrefix(ASSET, 1)}360p/`)).toEqual(previewObjects);
  });

  it('re-packages into a new revision while the old one keeps playing until the new one is final', async () => {
    await upload(await generateClip({ durationS: 4, width: 854, height: 480, fps: 30, audio: true }));
    expect((await packageAsset(job(1), deps(), context)).status).toBe('ready');
    const next = ((await catalog.getLatestRevision(ASSET)) ?? 0) + 1;
    expect(next).toBe(2);
    const during: Array<number | null> = [];
    const transcoder = createFfmpegTranscoder({ ffmpegPath: 'ffmpeg' });
    const watching: Transcoder = {
      transcode: async (source, plan, out, options) => {
        during.push((await catalog.getAsset(ASSET))?.currentRevision ?? null);
        return transcoder.transcode(source, plan, out, options);
      },
    };
    const previews: number[] = [];
    const watched: Catalog = {
      ...catalog,
      commitPreview: async (id, revision, presentation) => {
        previews.push(revision);
        return catalog.commitPreview(id, revision, presentation);
      },
    };
    expect(
      (await packageAsset(job(2), deps({ transcoder: watching, catalog: watched }), context)).status,
    ).toBe('ready');
    expect(during).toEqual([1, 1]);
    expect(previews).toEqual([]);
    const asset = await catalog.getAsset(ASSET);
    expect(asset?.currentRevision).toBe(2);
    expect(await keys(revisionPrefix(ASSET, 1))).not.toEqual([]);
  });

  it('writes a poster, a thumbnail grid and a storyboard with the revision', async () => {
    await upload(await generateClip({ durationS: 5, width: 854, height: 480, fps: 30, audio: true }));
    await packageAsset(job(1), deps(), context);
    const index = await readImageIndex(store, ASSET, 1);
    expect(index?.intervalMs).toBe(1000);
    expect(index?.thumbnails.count).toBeGreaterThanOrEqual(5);
    expect(index?.storyboard.sheets).toBe(1);
    expect(index?.posters.map((poster) => poster.height)).toEqual([480, 360]);
    const images = await keys(`${revisionPrefix(ASSET, 1)}images/`);
    expect(images).toContain(`${revisionPrefix(ASSET, 1)}images/poster/480.jpg`);
    expect(images).toContain(`${revisionPrefix(ASSET, 1)}images/storyboard/1.jpg`);
    const jpeg = await store.getBuffer(`${revisionPrefix(ASSET, 1)}images/thumbs/0.jpg`, 1024 * 1024);
    expect(jpeg.subarray(0, 2).toString('hex')).toBe('ffd8');
  });
});

async function etags(prefix: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for await (const object of store.list(prefix)) found[object.key] = object.etag;
  return found;
}

function renditionIds(presentation: Presentation | null): string[] {
  return presentation ? [...presentation.video, ...presentation.audio].map((rendition) => rendition.id) : [];
}
