import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../test/fakes/memory-catalog.js';
import { createMemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import type { Catalog, ObjectStore } from '../../packager/ports.js';
import { countCalls, createTestApp } from '../testing/app-harness.js';
import { samplePresentation } from '../testing/presentation-fixture.js';

const ID = 'asset000000000000042';
const INIT = Buffer.from('init segment bytes');
const SEGMENT = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));

let store: ObjectStore & { readonly calls: string[] };
let catalog: Catalog;
let app: ReturnType<typeof createTestApp>['app'];

async function createAsset(id: string): Promise<void> {
  await catalog.createAsset({ id, title: null, sourceKey: `assets/${id}/source`, sourceSizeBytes: 3 });
}

beforeEach(async () => {
  const memory = createMemoryObjectStore();
  catalog = createMemoryCatalog();
  await createAsset(ID);
  await catalog.markProcessing(ID, 1);
  await catalog.commitRevision(ID, 1, samplePresentation());
  await memory.put(`assets/${ID}/r1/360p/init.mp4`, INIT, { contentType: 'video/mp4' });
  await memory.put(`assets/${ID}/r1/360p/1.m4s`, SEGMENT, { contentType: 'video/mp4' });
  await memory.put(`assets/${ID}/r1/audio/1.m4s`, SEGMENT, { contentType: 'audio/mp4' });
  store = countCalls(memory);
  app = createTestApp({ catalog, store, config: { manifestMaxAgeSeconds: 2 } }).app;
});

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  app.request(`http://origin.test${path}`, { method, headers });

describe('manifests', () => {
  it.each([
    ['master.m3u8', 'application/vnd.apple.mpegurl', '#EXTM3U'],
    ['manifest.mpd', 'application/dash+xml', '<?xml'],
    ['r1/360p.m3u8', 'application/vnd.apple.mpegurl', '#EXTM3U'],
  ])('serves %s with its type, short cache, CORS and an ETag', async (file, type, start) => {
    const response = await get(`/play/${ID}/${file}`, { origin: 'https://site.example' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('cache-control')).toBe('public, max-age=2, stale-while-revalidate=4');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const text = await response.text();
    expect(text.startsWith(start)).toBe(true);
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    const etag = response.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[^"]+"$/);

    const again = await get(`/play/${ID}/${file}`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
  });

  it('points master and MPD into the revision, and media playlists at their own folder', async () => {
    const master = await (await get(`/play/${ID}/master.m3u8`)).text();
    expect(master).toContain('r1/360p.m3u8');
    const mpd = await (await get(`/play/${ID}/manifest.mpd`)).text();
    expect(mpd).toContain('r1/360p/init.mp4');
    const media = await (await get(`/play/${ID}/r1/360p.m3u8`)).text();
    expect(media).toContain('360p/init.mp4');
    expect(media).not.toContain('r1/');
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await get(`/play/${ID}/master.m3u8`, {}, 'HEAD');
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await response.text()).toBe('');
  });

  it('answers 404 for a revision that is not the current one or an unknown rendition', async () => {
    expect((await get(`/play/${ID}/r2/360p.m3u8`)).status).toBe(404);
    expect((await get(`/play/${ID}/r1/1080p.m3u8`)).status).toBe(404);
  });

  it('answers 404 asset_not_found for an unknown or deleted asset', async () => {
    const unknown = await get('/play/asset000000000000099/master.m3u8');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'asset_not_found' });
    await catalog.deleteAsset(ID);
    expect((await get(`/play/${ID}/manifest.mpd`)).status).toBe(404);
  });

  it('answers 409 asset_not_ready with Retry-After while packaging', async () => {
    const pending = 'asset000000000000077';
    await createAsset(pending);
    for (const file of ['master.m3u8', 'manifest.mpd', 'r1/360p.m3u8']) {
      const response = await get(`/play/${pending}/${file}`);
      expect(response.status, file).toBe(409);
      expect(response.headers.get('retry-after')).toBe('2');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(await response.json()).toMatchObject({ code: 'asset_not_ready' });
    }
  });

  it('answers 410 asset_errored when packaging failed', async () => {
    const failed = 'asset000000000000078';
    await createAsset(failed);
    await catalog.markErrored(failed, 1, { code: 'no_media_streams', message: 'No audio or video.' });
    const response = await get(`/play/${failed}/master.m3u8`);
    expect(response.status).toBe(410);
    expect(await response.json()).toMatchObject({ code: 'asset_errored' });
  });
});

describe('segments', () => {
  const path = `/play/${ID}/r1/360p/1.m4s`;

  it('streams a whole segment with immutable caching, CORS and a strong ETag', async () => {
    const response = await get(path, { origin: 'https://site.example' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('content-length')).toBe('1000');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toContain('Content-Range');
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(SEGMENT);
  });

  it('serves init segments and audio with their types', async () => {
    const init = await get(`/play/${ID}/r1/360p/init.mp4`);
    expect(init.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await init.arrayBuffer())).toEqual(INIT);
    const audio = await get(`/play/${ID}/r1/audio/1.m4s`);
    expect(audio.headers.get('content-type')).toBe('audio/mp4');
    await audio.arrayBuffer();
  });

  it.each([
    ['bytes=0-', 0, 999],
    ['bytes=100-199', 100, 199],
    ['bytes=-10', 990, 999],
    ['bytes=900-5000', 900, 999],
  ])('answers Range %s with 206 and the bytes', async (range, start, end) => {
    const response = await get(path, { range });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/1000`);
    expect(response.headers.get('content-length')).toBe(String(end - start + 1));
    expect(Buffer.from(await response.arrayBuffer())).toEqual(SEGMENT.subarray(start, end + 1));
  });

  it('answers 416 with Content-Range bytes */SIZE for a range past the end', async () => {
    const response = await get(path, { range: 'bytes=1000-' });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */1000');
    expect(await response.json()).toMatchObject({ code: 'range_not_satisfiable' });
  });

  it('ignores an invalid or multi-range header and serves the whole segment', async () => {
    for (const range of ['bytes=abc', 'bytes=0-1,5-9', 'bytes=9-1']) {
      const response = await get(path, { range });
      expect(response.status, range).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBe(1000);
    }
  });

  it('answers HEAD with the same headers and no body, reading nothing', async () => {
    const response = await get(path, {}, 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('1000');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(await response.text()).toBe('');
    expect(store.calls).toEqual([`stat assets/${ID}/r1/360p/1.m4s`]);
    const ranged = await get(path, { range: 'bytes=0-9' }, 'HEAD');
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe('bytes 0-9/1000');
  });

  it('answers 304 to a matching If-None-Match without reading the body', async () => {
    const etag = (await get(path, {}, 'HEAD')).headers.get('etag') ?? '';
    const response = await get(path, { 'if-none-match': `"other", ${etag}` });
    expect(response.status).toBe(304);
    expect(response.headers.get('etag')).toBe(etag);
    expect(store.calls.filter((call) => call.startsWith('get'))).toEqual([]);
  });

  it('ignores Range when If-Range names another version', async () => {
    const response = await get(path, { range: 'bytes=0-9', 'if-range': '"stale"' });
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBe(1000);
  });

  it('answers a CORS preflight for Range', async () => {
    const response = await get(
      path,
      {
        origin: 'https://site.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'range',
      },
      'OPTIONS',
    );
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toContain('Range');
    expect(response.headers.get('access-control-allow-methods')).toContain('GET');
    expect(store.calls).toEqual([]);
  });

  it('answers 404 for a missing segment', async () => {
    const response = await get(`/play/${ID}/r1/360p/2.m4s`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'object_not_found' });
  });

  it.each([
    `/play/${ID}/r1/360p/..%2F..%2Fsource`,
    `/play/${ID}/r1/..%2F..%2F/source`,
    `/play/${ID}/r1/360p%2F..%2F..%2F..%2Fother/init.mp4`,
    `/play/${ID}/r1/%2Fetc/passwd`,
    `/play/${ID}/r1/360p/%2Fetc%2Fpasswd`,
    `/play/${ID}/r0/360p/init.mp4`,
    `/play/${ID}/r01/360p/init.mp4`,
    `/play/${ID}/rx/360p/init.mp4`,
    `/play/${ID}/r1/360P/init.mp4`,
    `/play/${ID}/r1/360p/0.m4s`,
    `/play/${ID}/r1/360p/source`,
    `/play/${ID}/r1/360p/init.mp4.bak`,
    `/play/..%2F${ID}/r1/360p/init.mp4`,
    '/play/short/r1/360p/init.mp4',
    `/play/${ID}/r1/360p/../../../source/x`,
    `/play/${ID}/r1/360p/%2E%2E/%2E%2E/source/x`,
    `/play/${ID}/r1/360p/a/b/init.mp4`,
    `/play/${ID}/r1/..%2F360p.m3u8`,
  ])('refuses %s before any storage call', async (trick) => {
    const response = await get(trick);
    expect([400, 404]).toContain(response.status);
    expect(store.calls).toEqual([]);
  });

  it('refuses encoded separators with 400 invalid_path', async () => {
    const response = await get(`/play/${ID}/r1/360p/..%2F..%2Fsource`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'invalid_path' });
  });
});
