/**
 * Segment-level progressive publish of a whole source on real ffmpeg (in-memory store and catalog, which
 * pass the same contract suites as the real adapters): a provisional presentation of the whole ladder is
 * committed as playable while ffmpeg still writes the rest (once the stored segments are far enough ahead);
 * the final one agrees with it; a retry keeps the objects players may have read; re-packaging keeps the old
 * revision playing until the new one is final.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderMediaPlaylist } from '../../manifests/hls/media.js';
import { segmentUri, type Presentation } from '../../manifests/model.js';
import { revisionPrefix, sourceKey } from '../../packager/domain/object-keys.js';
import { createFfmpegTranscoder } from '../../packager/ffmpeg/transcoder.js';
import {
  createFfmpegImageRenderer,
  type ImageRenderer,
} from '../../packager/images/ffmpeg-image-renderer.js';
import { readImageIndex } from '../../packager/images/publish-images.js';
import { packageAsset } from '../../packager/pipeline/package-asset.js';
import type { PackageAssetDeps } from '../../packager/pipeline/pipeline-context.js';
import { AppError } from '../../packager/domain/errors.js';
import type { Catalog, ObjectStore, Transcoder } from '../../packager/ports.js';
import { createMemoryCatalog } from '../fakes/memory-catalog.js';
import { createMemoryObjectStore, type MemoryObjectStore } from '../fakes/memory-object-store.js';
import { generateClip } from '../fixtures/generate-media.js';
import { realMediaDeps, silentLogger, uploadSource } from '../setup/in-memory-packaging.js';
import { withoutLastSegment } from '../setup/playlist-lines.js';

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
  it('is playable while it encodes, from a provisional presentation the final one agrees with', async () => {
    // 20 s: long enough that ffmpeg is still writing when the stored segments are far enough ahead.
    await upload(await generateClip({ durationS: 20, width: 854, height: 480, fps: 30, audio: true }));
    const seen: Array<{ status: string; renditions: string[]; provisional: boolean }> = [];
    let declared: Presentation | null = null;
    let storedAtCommit: Record<string, string> = {};
    const watched: Catalog = {
      ...catalog,
      commitPreview: async (id, revision, presentation) => {
        const ok = await catalog.commitPreview(id, revision, presentation);
        const asset = await catalog.getAsset(id);
        seen.push({
          status: asset?.status ?? 'gone',
          renditions: renditionIds(asset?.presentation ?? null),
          provisional: asset?.presentation?.provisional === true,
        });
        declared = presentation;
        storedAtCommit = await etags(revisionPrefix(ASSET, 1));
        return ok;
      },
    };
    // How often each object is written: what was stored while encoding is not written again.
    const writes = new Map<string, number>();
    const counted: ObjectStore = {
      ...store,
      putFile: async (key, file, contentType) => {
        writes.set(key, (writes.get(key) ?? 0) + 1);
        return store.putFile(key, file, contentType);
      },
    };
    const outcome = await packageAsset(job(1), deps({ catalog: watched, store: counted }), context);
    expect(outcome.status).toBe('ready');
    // Playable while still processing, with every rendition of the ladder declared.
    expect(seen).toEqual([
      { status: 'processing', renditions: ['480p', '360p', 'audio'], provisional: true },
    ]);
    const final = (await catalog.getAsset(ASSET))?.presentation ?? null;
    expect(final?.provisional).toBeUndefined();
    expect(renditionIds(final)).toEqual(['480p', '360p', 'audio']);
    // At the commit: each rendition's init and first segment were stored, not yet the last one.
    for (const id of ['480p', '360p', 'audio']) {
      const prefix = `${revisionPrefix(ASSET, 1)}${id}/`;
      expect(storedAtCommit[`${prefix}init.mp4`], id).toBeDefined();
      expect(storedAtCommit[`${prefix}1.m4s`], id).toBeDefined();
      expect(storedAtCommit[`${prefix}10.m4s`], id).toBeUndefined();
    }
    // The grid thumbnails the encode finished by then too (one a second, the first at 0 s), not its posters.
    expect(storedAtCommit[`${revisionPrefix(ASSET, 1)}images/thumbs/0.jpg`]).toBeDefined();
    expect(Object.keys(storedAtCommit).filter((key) => key.includes('/images/poster/'))).toEqual([]);
    expect(await keys(`${revisionPrefix(ASSET, 1)}images/thumbs/`)).toHaveLength(20);
    expect([...writes].filter(([, count]) => count !== 1)).toEqual([]);
    // A player that started on the provisional presentation reads the same segments at the same times:
    // every media playlist is the final one but for the last EXTINF.
    const asIs = (uri: string) => uri;
    for (const id of ['480p', '360p', 'audio']) {
      const early = declared && renderMediaPlaylist(declared, id, asIs);
      const late = final && renderMediaPlaylist(final, id, asIs);
      expect(withoutLastSegment(early), id).toBe(withoutLastSegment(late));
    }
    // Objects stored early are not written again: the bytes players read stay the bytes served.
    const after = await etags(revisionPrefix(ASSET, 1));
    for (const [key, etag] of Object.entries(storedAtCommit)) expect(after[key], key).toBe(etag);
    expect(await fs.readdir(tmpDir)).toEqual([]);
  });

  it('is playable while it encodes when ffmpeg reports no progress, from the pace of its stored segments', async () => {
    await upload(await generateClip({ durationS: 20, width: 854, height: 480, fps: 30, audio: true }));
    const transcoder = createFfmpegTranscoder({ ffmpegPath: 'ffmpeg' });
    const silent: Transcoder = {
      transcode: (source, plan, out, { onEncodedTo: _dropped, ...options } = {}) =>
        transcoder.transcode(source, plan, out, options),
    };
    const statuses: string[] = [];
    const watched: Catalog = {
      ...catalog,
      commitPreview: async (id, revision, presentation) => {
        const ok = await catalog.commitPreview(id, revision, presentation);
        statuses.push((await catalog.getAsset(id))?.status ?? 'gone');
        return ok;
      },
    };
    expect((await packageAsset(job(1), deps({ catalog: watched, transcoder: silent }), context)).status).toBe(
      'ready',
    );
    expect(statuses).toEqual(['processing']);
  });

  it('stays playable after a failure past the provisional commit; the retry keeps what players read', async () => {
    await upload(await generateClip({ durationS: 20, width: 854, height: 480, fps: 30, audio: true }));
    const transcoder = createFfmpegTranscoder({ ffmpegPath: 'ffmpeg' });
    // The encode ends, then its worker loses storage: the job fails after players were given the asset.
    const failingAfter: Transcoder = {
      transcode: async (source, plan, out, options) => {
        await transcoder.transcode(source, plan, out, options);
        throw new AppError('upstream_unavailable', 'storage down', { retryable: true });
      },
    };
    await expect(packageAsset(job(1), deps({ transcoder: failingAfter }), context)).rejects.toMatchObject({
      code: 'upstream_unavailable',
    });
    const between = await catalog.getAsset(ASSET);
    expect(between?.status).toBe('processing');
    expect(between?.presentation?.provisional).toBe(true);
    const storedEarly = await etags(revisionPrefix(ASSET, 1));
    expect(Object.keys(storedEarly).length).toBeGreaterThan(3);

    const outcome = await packageAsset(job(1), deps(), context);
    expect(outcome.status).toBe('ready');
    const final = (await catalog.getAsset(ASSET))?.presentation ?? null;
    expect(final?.provisional).toBeUndefined();
    expect(renditionIds(final)).toEqual(['480p', '360p', 'audio']);
    // The encoder is not bit-exact from run to run: objects players may have read are kept, not rewritten,
    // and the description states their sizes.
    const after = await etags(revisionPrefix(ASSET, 1));
    for (const [key, etag] of Object.entries(storedEarly)) expect(after[key], key).toBe(etag);
    const sizes = new Map<string, number>();
    for await (const object of store.list(revisionPrefix(ASSET, 1))) sizes.set(object.key, object.sizeBytes);
    for (const rendition of [...(final?.video ?? []), ...(final?.audio ?? [])]) {
      rendition.segments.forEach((segment, index) => {
        const key = `${revisionPrefix(ASSET, 1)}${segmentUri(rendition, index)}`;
        expect(segment.sizeBytes, key).toBe(sizes.get(key));
      });
    }
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
    expect(during).toEqual([1]);
    expect(previews).toEqual([]);
    const asset = await catalog.getAsset(ASSET);
    expect(asset?.currentRevision).toBe(2);
    expect(await keys(revisionPrefix(ASSET, 1))).not.toEqual([]);
  });

  it('takes the posters, thumbnail grid and storyboard from the encode itself, with the revision', async () => {
    await upload(await generateClip({ durationS: 5, width: 854, height: 480, fps: 30, audio: true }));
    // A whole-source run renders nothing from its rungs after the encode (this renderer would fail it), it
    // only tiles the storyboard from the encode's thumbnails.
    const fromRungs = () => Promise.reject(new Error('rendered from the rungs'));
    const renderer = createFfmpegImageRenderer({ ffmpegPath: 'ffmpeg' });
    const images: ImageRenderer = {
      renderGrid: fromRungs,
      renderFrame: fromRungs,
      tileSheets: (...args) => renderer.tileSheets(...args),
    };
    expect((await packageAsset(job(1), deps({ images }), context)).status).toBe('ready');
    const index = await readImageIndex(store, ASSET, 1);
    expect(index?.intervalMs).toBe(1000);
    expect(index?.thumbnails).toEqual({ count: 5, width: 640, height: 360 });
    expect(index?.storyboard).toMatchObject({ count: 5, sheets: 1, tileWidth: 160, tileHeight: 90 });
    expect(index?.posters).toEqual([
      { width: 854, height: 480, atMs: 1250 },
      { width: 640, height: 360, atMs: 1250 },
    ]);
    const image = (key: string) => store.getBuffer(`${revisionPrefix(ASSET, 1)}images/${key}`, 1024 * 1024);
    expect(jpegSize(await image('poster/480.jpg'))).toEqual({ width: 854, height: 480 });
    expect(jpegSize(await image('poster/360.jpg'))).toEqual({ width: 640, height: 360 });
    expect(jpegSize(await image('thumbs/4.jpg'))).toEqual({ width: 640, height: 360 });
    expect(jpegSize(await image('storyboard/1.jpg'))).toEqual({ width: 1600, height: 900 });
    expect(await keys(`${revisionPrefix(ASSET, 1)}images/thumbs/`)).toHaveLength(5);
  });
});

describe('images of a source of one frame', () => {
  it('has that frame as its poster, and lists only stored images', async () => {
    // One frame at 10 fps: no frame starts at or after the poster time (25 ms); the one shown then is frame 0.
    await upload(await generateClip({ durationS: 0.1, width: 640, height: 360, fps: 10, audio: false }));
    expect((await packageAsset(job(1), deps(), context)).status).toBe('ready');
    const index = await readImageIndex(store, ASSET, 1);
    expect(index?.posters).toEqual([{ width: 640, height: 360, atMs: 25 }]);
    const poster = await store.getBuffer(`${revisionPrefix(ASSET, 1)}images/poster/360.jpg`, 1024 * 1024);
    expect(jpegSize(poster)).toEqual({ width: 640, height: 360 });
    const stored = await keys(`${revisionPrefix(ASSET, 1)}images/thumbs/`);
    expect(index?.thumbnails.count).toBe(stored.length);
  });
});

/** Width and height from a JPEG's start-of-frame segment (SOF0..SOF3). */
function jpegSize(jpeg: Buffer): { width: number; height: number } | null {
  let offset = 2;
  while (offset + 9 < jpeg.length && jpeg[offset] === 0xff) {
    const marker = jpeg[offset + 1] ?? 0;
    if (marker >= 0xc0 && marker <= 0xc3) {
      return { height: jpeg.readUInt16BE(offset + 5), width: jpeg.readUInt16BE(offset + 7) };
    }
    offset += 2 + jpeg.readUInt16BE(offset + 2);
  }
  return null;
}

async function etags(prefix: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for await (const object of store.list(prefix)) found[object.key] = object.etag;
  return found;
}

function renditionIds(presentation: Presentation | null): string[] {
  return presentation ? [...presentation.video, ...presentation.audio].map((rendition) => rendition.id) : [];
}
