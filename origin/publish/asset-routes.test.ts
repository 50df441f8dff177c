import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../test/fakes/memory-catalog.js';
import { createMemoryPublisherStores } from '../../test/fakes/memory-publisher-stores.js';
import { createMemoryObjectStore, type MemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import { createTestApp } from '../testing/app-harness.js';
import { authHeaders, createRecordingEvents } from '../testing/publisher-harness.js';
import { samplePresentation } from '../testing/presentation-fixture.js';

const MAX_UPLOAD_BYTES = 1000;

let store: MemoryObjectStore;
let catalog: ReturnType<typeof createMemoryCatalog>;
let events: ReturnType<typeof createRecordingEvents>;
let harness: ReturnType<typeof createTestApp>;

function testApp(config: Parameters<typeof createTestApp>[0]['config']) {
  return createTestApp({
    catalog,
    store,
    config,
    publisher: { stores: createMemoryPublisherStores(catalog), events },
  });
}

beforeEach(() => {
  store = createMemoryObjectStore();
  catalog = createMemoryCatalog();
  events = createRecordingEvents();
  harness = testApp({ maxUploadBytes: MAX_UPLOAD_BYTES });
});

/** A request with the test bootstrap key. */
function api(path: string, init: RequestInit = {}) {
  return harness.app.request(path, {
    ...init,
    headers: { ...authHeaders(), ...(init.headers as Record<string, string>) },
  });
}

function upload(body: BodyInit | null, headers: Record<string, string> = {}, query = '') {
  return harness.app.request(`http://origin.test/v1/assets${query}`, {
    method: 'POST',
    body,
    headers: { ...authHeaders(), 'content-type': 'video/mp4', ...headers },
    duplex: 'half',
  } as RequestInit);
}

/** A body of unknown length (chunked transfer), in pieces. */
function streamOf(...pieces: Buffer[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(new Uint8Array(piece));
      controller.close();
    },
  });
}

describe('POST /v1/assets', () => {
  it('stores the body, creates the asset, enqueues the job and answers 201 with the asset', async () => {
    const video = Buffer.alloc(600, 7);
    const response = await upload(video, { 'content-length': '600' }, '?title=My%20clip');
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const asset = (await response.json()) as Record<string, unknown>;
    const id = asset['id'] as string;
    // toMatchObject: other features add fields to the asset object (playbackPolicy, images).
    expect(asset).toMatchObject({
      id,
      title: 'My clip',
      status: 'queued',
      progress: 0,
      playable: false,
      error: null,
      durationMs: null,
      renditions: [],
      playback: {
        hls: `http://origin.test/play/${id}/master.m3u8`,
        dash: `http://origin.test/play/${id}/manifest.mpd`,
        player: `http://origin.test/play/${id}/player`,
      },
      createdAt: expect.any(String) as unknown,
      externalId: null,
      passthrough: null,
      playbackPolicy: { signed: false, allowedOrigins: [] },
    });
    expect(events.published).toEqual([
      { type: 'asset.created', assetId: id, asset: expect.any(Object) as unknown },
    ]);
    expect(response.headers.get('location')).toBe(`http://origin.test/v1/assets/${id}`);
    expect(await store.getBuffer(`assets/${id}/source`, 10_000)).toEqual(video);
    expect(harness.queue.enqueued).toEqual([
      { v: 1, assetId: id, revision: 1, sourceKey: `assets/${id}/source` },
    ]);
    expect((await catalog.getAsset(id))?.sourceSizeBytes).toBe(600);
  });

  it('writes playback URLs from the configured public base', async () => {
    harness = testApp({ publicBaseUrl: 'https://cdn.example.com/' });
    const asset = (await (await upload(Buffer.from('abc'))).json()) as {
      id: string;
      playback: { hls: string };
    };
    expect(asset.playback.hls).toBe(`https://cdn.example.com/play/${asset.id}/master.m3u8`);
  });

  it('accepts a streamed body without Content-Length', async () => {
    const response = await upload(streamOf(Buffer.from('abc'), Buffer.from('def')));
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect((await store.getBuffer(`assets/${id}/source`, 100)).toString()).toBe('abcdef');
  });

  it('accepts multipart/form-data with a file field and stores only the file', async () => {
    const form = new FormData();
    form.append('title', 'ignored');
    form.append('file', new Blob([Buffer.from('the video bytes')], { type: 'video/quicktime' }), 'clip.mov');
    const response = await harness.app.request('http://origin.test/v1/assets', {
      method: 'POST',
      body: form,
      headers: authHeaders(),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect((await store.getBuffer(`assets/${id}/source`, 100)).toString()).toBe('the video bytes');
    expect((await store.stat(`assets/${id}/source`))?.contentType).toBe('video/quicktime');
  });

  it('refuses multipart without a file field', async () => {
    const form = new FormData();
    form.append('title', 'no file');
    const response = await harness.app.request('http://origin.test/v1/assets', {
      method: 'POST',
      body: form,
      headers: authHeaders(),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'invalid_request' });
    expect(store.keys()).toEqual([]);
  });

  it('refuses a declared Content-Length over the limit before reading', async () => {
    let pulled = false;
    // highWaterMark 0: the stream is pulled only when someone reads it.
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled = true;
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const response = await upload(body, { 'content-length': String(MAX_UPLOAD_BYTES + 1) });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(pulled).toBe(false);
    expect(store.keys()).toEqual([]);
  });

  it('refuses a streamed body that passes the limit, storing nothing', async () => {
    const response = await upload(streamOf(Buffer.alloc(600), Buffer.alloc(600)));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'payload_too_large' });
    expect(store.keys()).toEqual([]);
    expect(await catalog.listAssets({ limit: 10 })).toMatchObject({ assets: [] });
    expect(harness.queue.enqueued).toEqual([]);
  });

  it.each([
    ['Content-Length: 0', () => upload(Buffer.alloc(0), { 'content-length': '0' })],
    ['no body at all', () => upload(null)],
    ['a stream of empty chunks', () => upload(streamOf(Buffer.alloc(0), Buffer.alloc(0)))],
  ])('refuses an empty upload (%s) with 400 empty_body', async (_name, send) => {
    const response = await send();
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'empty_body' });
    expect(store.keys()).toEqual([]);
  });

  it('refuses a title over 200 characters, naming the field', async () => {
    const response = await upload(Buffer.from('abc'), {}, `?title=${'t'.repeat(201)}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; errors: { field: string }[]; requestId: string };
    expect(body.code).toBe('invalid_request');
    expect(body.errors.map((e) => e.field)).toEqual(['title']);
    expect(body.requestId).toBe(response.headers.get('x-request-id'));
    expect(store.keys()).toEqual([]);
  });

  it('discards the upload and answers 503 when the job cannot be queued', async () => {
    harness.queue.failEnqueueWith = new Error('redis down');
    const response = await upload(Buffer.from('abc'));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    const body = JSON.stringify(await response.json());
    expect(body).toContain('upstream_unavailable');
    expect(body).not.toContain('redis down');
    expect(store.keys()).toEqual([]);
    expect(await catalog.listAssets({ limit: 10 })).toMatchObject({ assets: [] });
  });
});

describe('GET /v1/assets and /v1/assets/:id', () => {
  async function createAssets(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const response = await upload(Buffer.from(`video ${i}`));
      ids.push(((await response.json()) as { id: string }).id);
    }
    return ids;
  }

  it('pages through assets newest first with a cursor', async () => {
    const ids = await createAssets(3);
    const first = await api('/v1/assets?limit=2');
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const page1 = (await first.json()) as { data: { id: string }[]; nextCursor: string | null };
    expect(page1.data).toHaveLength(2);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const second = await api(`/v1/assets?limit=2&cursor=${encodeURIComponent(page1.nextCursor ?? '')}`);
    const page2 = (await second.json()) as { data: { id: string }[]; nextCursor: string | null };
    expect(page2.nextCursor).toBeNull();
    const seen = [...page1.data, ...page2.data].map((a) => a.id);
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it('filters by status', async () => {
    const [queuedId, readyId] = await createAssets(2);
    await catalog.markProcessing(readyId ?? '', 1);
    await catalog.commitRevision(readyId ?? '', 1, samplePresentation());
    const response = await api('/v1/assets?status=ready');
    const page = (await response.json()) as { data: { id: string; playable: boolean }[] };
    expect(page.data.map((a) => a.id)).toEqual([readyId]);
    expect(page.data.map((a) => a.id)).not.toContain(queuedId);
  });

  it('names every bad list parameter', async () => {
    const response = await api('/v1/assets?limit=0&status=done');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { field: string }[] };
    expect(body.errors.map((e) => e.field).sort()).toEqual(['limit', 'status']);
  });

  it('refuses a malformed cursor with 400', async () => {
    const response = await api('/v1/assets?cursor=not-a-cursor');
    expect(response.status).toBe(400);
  });

  it('answers one asset, with renditions once packaged', async () => {
    const [id = ''] = await createAssets(1);
    await catalog.markProcessing(id, 1);
    await catalog.commitRevision(id, 1, samplePresentation());
    const response = await api(`/v1/assets/${id}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id,
      status: 'ready',
      progress: 100,
      playable: true,
      durationMs: 4000,
      renditions: [
        {
          id: '360p',
          type: 'video',
          width: 640,
          height: 360,
          frameRate: 29.97,
          bandwidthBps: 800_000,
          averageBandwidthBps: 600_000,
          codecs: 'avc1.64001e',
        },
        { id: 'audio', type: 'audio', codecs: 'mp4a.40.2', channels: 2, bandwidthBps: 130_000 },
      ],
    });
  });

  it.each(['asset99999999999999999'.slice(0, 20), 'not-an-id', '..%2F..%2Fetc'])(
    'answers 404 for %s',
    async (id) => {
      const response = await api(`/v1/assets/${id}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'asset_not_found' });
    },
  );
});

describe('DELETE /v1/assets/:id', () => {
  it('cancels the job, removes the asset and its objects, and answers 204', async () => {
    const { id } = (await (await upload(Buffer.from('abc'))).json()) as { id: string };
    await store.put(`assets/${id}/r1/360p/init.mp4`, Buffer.from('init'), { contentType: 'video/mp4' });
    const other = (await (await upload(Buffer.from('other'))).json()) as { id: string };

    const response = await api(`/v1/assets/${id}`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(harness.queue.cancelled).toEqual([id]);
    expect(await catalog.getAsset(id)).toBeNull();
    expect(store.keys()).toEqual([`assets/${other.id}/source`]);
    expect((await api(`/v1/assets/${id}`)).status).toBe(404);
  });

  it('answers 404 for an unknown asset without cancelling anything', async () => {
    const response = await api('/v1/assets/asset000000000000999', { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(harness.queue.cancelled).toEqual([]);
  });
});
