import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../test/fakes/memory-catalog.js';
import { createMemoryObjectStore, type MemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import { createMemoryPublisherStores } from '../../test/fakes/memory-publisher-stores.js';
import type { PublisherStores } from '../../packager/ports.js';
import { createTestApp } from '../testing/app-harness.js';
import { authHeaders, createRecordingEvents } from '../testing/publisher-harness.js';
import { sweepExpiredUploads } from './upload-sweeper.js';

const CHUNK = 1000;
let nowMs = Date.UTC(2026, 10, 26, 12);
const clock = { nowMs: () => nowMs };
let store: MemoryObjectStore;
let stores: PublisherStores;
let harness: ReturnType<typeof createTestApp>;
let events: ReturnType<typeof createRecordingEvents>;

beforeEach(() => {
  const catalog = createMemoryCatalog();
  store = createMemoryObjectStore();
  stores = createMemoryPublisherStores(catalog);
  events = createRecordingEvents();
  harness = createTestApp({
    catalog,
    store,
    clock,
    config: { maxUploadBytes: 10_000 },
    publisher: { stores, events, uploadChunkBytes: CHUNK, uploadExpiryMs: 60_000 },
  });
});

const tus = { 'tus-resumable': '1.0.0' };
const metadata = (pairs: Record<string, string>) =>
  Object.entries(pairs)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');

async function create(lengthBytes: number, extra: Record<string, string> = {}, key?: string) {
  const response = await harness.app.request('http://origin.test/v1/uploads', {
    method: 'POST',
    headers: { ...authHeaders(key), ...tus, 'upload-length': String(lengthBytes), ...extra },
  });
  expect(response.status).toBe(201);
  return { response, url: response.headers.get('location') ?? '' };
}

function patch(url: string, offset: number, body: Uint8Array | string, headers: Record<string, string> = {}) {
  return harness.app.request(url, {
    method: 'PATCH',
    headers: {
      ...authHeaders(),
      ...tus,
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
      ...headers,
    },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
}

const head = (url: string) =>
  harness.app.request(url, { method: 'HEAD', headers: { ...authHeaders(), ...tus } });

describe('tus uploads', () => {
  it('answers discovery without a key: version, extensions, limits, chunk size', async () => {
    const response = await harness.app.request('/v1/uploads', { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(
      Object.fromEntries(
        ['tus-resumable', 'tus-version', 'tus-extension', 'tus-max-size', 'scalacast-chunk-size'].map((h) => [
          h,
          response.headers.get(h),
        ]),
      ),
    ).toEqual({
      'tus-resumable': '1.0.0',
      'tus-version': '1.0.0',
      'tus-extension': 'creation,expiration,termination',
      'tus-max-size': '10000',
      'scalacast-chunk-size': String(CHUNK),
    });
  });

  it('takes an upload in chunks, resumes from HEAD, and turns it into an asset like a direct upload', async () => {
    const bytes = Buffer.from(Array.from({ length: 2500 }, (_, i) => i % 251));
    const { response, url } = await create(bytes.length, {
      'upload-metadata': metadata({
        filename: 'clip.mp4',
        filetype: 'video/mp4',
        externalId: 'ext-9',
        passthrough: '{"a":1}',
      }),
    });
    expect(url).toMatch(/^http:\/\/origin\.test\/v1\/uploads\/up_[A-Za-z0-9]{20}$/);
    expect(response.headers.get('upload-expires')).toBe(new Date(nowMs + 60_000).toUTCString());

    expect((await patch(url, 0, bytes.subarray(0, 1000))).headers.get('upload-offset')).toBe('1000');
    // The client lost the answer to its second PATCH: it asks where to resume.
    const second = await patch(url, 1000, bytes.subarray(1000, 2000));
    expect(second.status).toBe(204);
    const resumed = await head(url);
    expect(resumed.status).toBe(200);
    expect([resumed.headers.get('upload-offset'), resumed.headers.get('upload-length')]).toEqual([
      '2000',
      '2500',
    ]);
    expect(resumed.headers.get('cache-control')).toBe('no-store');
    // Sending the old chunk again is refused with the current offset.
    const stale = await patch(url, 1000, bytes.subarray(1000, 2000));
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ code: 'upload_offset_mismatch' });

    const last = await patch(url, 2000, bytes.subarray(2000));
    expect(last.status).toBe(204);
    const assetId = last.headers.get('scalacast-asset-id') ?? '';
    expect(assetId).toMatch(/^[A-Za-z0-9]{20}$/);
    const source = await store.getBuffer(`assets/${assetId}/source`, 100_000);
    expect(createHash('sha256').update(source).digest('hex')).toBe(
      createHash('sha256').update(bytes).digest('hex'),
    );
    expect(harness.queue.enqueued).toEqual([
      { v: 1, assetId, revision: 1, sourceKey: `assets/${assetId}/source` },
    ]);
    expect(store.keys().filter((key) => key.startsWith('uploads/'))).toEqual([]);
    const asset: unknown = await (
      await harness.app.request(`/v1/assets/${assetId}`, { headers: authHeaders() })
    ).json();
    expect(asset).toMatchObject({
      title: 'clip.mp4',
      externalId: 'ext-9',
      passthrough: { a: 1 },
      status: 'queued',
    });
    expect(events.published.map((e) => e.type)).toEqual(['asset.created']);
    const status: unknown = await (await harness.app.request(url, { headers: authHeaders() })).json();
    expect(status).toMatchObject({ offset: 2500, length: 2500, assetId });
  });

  it('refuses chunks over the configured size, past Upload-Length, or of another type', async () => {
    const { url } = await create(1500);
    expect((await patch(url, 0, Buffer.alloc(CHUNK + 1))).status).toBe(413);
    await patch(url, 0, Buffer.alloc(1000));
    const past = await patch(url, 1000, Buffer.alloc(600));
    expect(past.status).toBe(413);
    expect(await past.json()).toMatchObject({ detail: expect.stringContaining('Upload-Length') as unknown });
    expect((await patch(url, 1000, Buffer.alloc(10), { 'content-type': 'video/mp4' })).status).toBe(415);
    expect((await head(url)).headers.get('upload-offset')).toBe('1000');
  });

  it('requires the tus version, a length within the limit, and keeps uploads to the key that made them', async () => {
    const noVersion = await harness.app.request('/v1/uploads', {
      method: 'POST',
      headers: { ...authHeaders(), 'upload-length': '10' },
    });
    expect(noVersion.status).toBe(412);
    const tooBig = await harness.app.request('/v1/uploads', {
      method: 'POST',
      headers: { ...authHeaders(), ...tus, 'upload-length': '10001' },
    });
    expect(tooBig.status).toBe(413);
    const newKey = async (name: string) =>
      (
        (await (
          await harness.app.request('/v1/keys', {
            method: 'POST',
            headers: { ...authHeaders(), 'content-type': 'application/json' },
            body: JSON.stringify({ name, scopes: ['assets:write'] }),
          })
        ).json()) as { key: string }
      ).key;
    const owner = await newKey('owner');
    const intruder = await newKey('intruder');
    const { url } = await create(10, {}, owner);
    expect((await harness.app.request(url, { headers: authHeaders(owner) })).status).toBe(200);
    expect((await harness.app.request(url, { headers: authHeaders(intruder) })).status).toBe(404);
    expect((await patch(url, 0, 'x', authHeaders(intruder))).status).toBe(404);
    expect((await patch(url, 0, 'x', authHeaders(owner))).status).toBe(204);
  });

  it('abandons on DELETE, and sweeps uploads untouched past their expiry with their parts', async () => {
    const { url: deleted } = await create(2000);
    await patch(deleted, 0, Buffer.alloc(500));
    const removed = await harness.app.request(deleted, {
      method: 'DELETE',
      headers: { ...authHeaders(), ...tus },
    });
    expect(removed.status).toBe(204);
    expect((await head(deleted)).status).toBe(404);

    const { url: abandoned } = await create(2000);
    await patch(abandoned, 0, Buffer.alloc(500));
    nowMs += 30_000;
    const { url: active } = await create(2000);
    await patch(active, 0, Buffer.alloc(500));
    nowMs += 40_000; // the first is 70 s old, the second 40 s
    expect((await head(abandoned)).status).toBe(410);
    const logger = harness.logger;
    expect(await sweepExpiredUploads({ uploads: stores.uploads, store, clock, logger })).toBe(1);
    expect((await head(abandoned)).status).toBe(404);
    expect((await head(active)).headers.get('upload-offset')).toBe('500');
    const activeId = active.split('/').pop() ?? '';
    expect(
      store
        .keys()
        .filter((key) => key.startsWith('uploads/'))
        .every((key) => key.startsWith(`uploads/${activeId}/`)),
    ).toBe(true);
  });
});
