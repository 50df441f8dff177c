/**
 * Caption files and subtitle playlists are playback paths like any other: ETags and If-None-Match, HEAD with
 * the headers of GET, byte ranges on the file, signed playback, and both server lanes answering alike.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../test/fakes/memory-catalog.js';
import { createMemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import { createMemoryPublisherStores } from '../../test/fakes/memory-publisher-stores.js';
import type { ObjectStore } from '../../packager/ports.js';
import { createFastLane } from '../http/fast-lane.js';
import { createPlaybackTokens } from '../signing/playback-token.js';
import { countCalls, createTestApp } from '../testing/app-harness.js';
import { samplePresentation } from '../testing/presentation-fixture.js';
import { authHeaders } from '../testing/publisher-harness.js';

const ID = 'asset000000000000042';
const VTT = 'WEBVTT\n\n00:00.500 --> 00:02.000\nHello\n\n00:02.500 --> 00:03.500\nWorld\n';
const tokens = createPlaybackTokens({
  keys: [{ id: 'k1', secret: 'x'.repeat(40) }],
  ttlSeconds: 600,
  clock: { nowMs: () => Date.now() },
});

let catalog: ReturnType<typeof createMemoryCatalog>;
let store: ObjectStore & { readonly calls: string[] };
let harness: ReturnType<typeof createTestApp>;
/** `/play/{id}/r1/captions/en/{version}` */
let captionBase: string;

async function putCaption(body: string): Promise<string> {
  const response = await harness.app.request(`http://origin.test/v1/assets/${ID}/captions/en`, {
    method: 'PUT',
    headers: { ...authHeaders(), 'content-type': 'text/vtt' },
    body,
  });
  expect(response.status).toBeLessThan(300);
  const { url } = (await response.json()) as { url: string };
  return new URL(url).pathname.replace(`/play/${ID}/`, `/play/${ID}/r1/`).replace(/\.vtt$/, '');
}

beforeEach(async () => {
  catalog = createMemoryCatalog();
  store = countCalls(createMemoryObjectStore());
  await catalog.createAsset({ id: ID, title: null, sourceKey: `assets/${ID}/source`, sourceSizeBytes: 1 });
  await catalog.markProcessing(ID, 1);
  await catalog.commitRevision(ID, 1, samplePresentation());
  harness = createTestApp({
    catalog,
    store,
    playbackTokens: tokens,
    publisher: { stores: createMemoryPublisherStores(catalog) },
  });
  captionBase = await putCaption(VTT);
  store.calls.length = 0;
});

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  harness.app.request(`http://origin.test${path}`, { method, headers });

function headersOf(response: Response, ...names: string[]): Record<string, string | null> {
  return Object.fromEntries(names.map((name) => [name, response.headers.get(name)]));
}

describe('a subtitle playlist', () => {
  it('is served like every manifest: its type, short caching, CORS, a content ETag, 304', async () => {
    const response = await get(`${captionBase}.m3u8`, { origin: 'https://site.example' });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/^#EXTM3U\n[\s\S]*\n[A-Za-z0-9]+\.vtt\n#EXT-X-ENDLIST\n$/);
    expect(
      headersOf(response, 'content-type', 'cache-control', 'access-control-allow-origin', 'content-length'),
    ).toEqual({
      'content-type': 'application/vnd.apple.mpegurl',
      'cache-control': 'public, max-age=2, stale-while-revalidate=4',
      'access-control-allow-origin': '*',
      'content-length': String(Buffer.byteLength(text)),
    });
    const etag = response.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[^"]+"$/);

    const again = await get(`${captionBase}.m3u8`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const names = ['content-type', 'content-length', 'etag', 'cache-control'];
    const whole = await get(`${captionBase}.m3u8`);
    const head = await get(`${captionBase}.m3u8`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(headersOf(head, ...names)).toEqual(headersOf(whole, ...names));
    expect(await head.text()).toBe('');
  });

  it('exists only for the current revision and the current version of the caption', async () => {
    expect((await get(`${captionBase.replace('/r1/', '/r2/')}.m3u8`)).status).toBe(404);
    const replaced = await putCaption(VTT.replace('Hello', 'Hi'));
    expect((await get(`${replaced}.m3u8`)).status).toBe(200);
    // The old version's playlist was rendered and cached above: it is still not served.
    const old = await get(`${captionBase}.m3u8`);
    expect(old.status).toBe(404);
    expect(await old.json()).toMatchObject({ code: 'object_not_found' });
  });
});

describe('a caption file', () => {
  const paths = () => [`${captionBase}.vtt`, `${captionBase.replace('/r1/', '/')}.vtt`];

  it('is served at both its URLs like a segment: text/vtt, immutable, a strong ETag, ranges', async () => {
    for (const path of paths()) {
      const response = await get(path, { origin: 'https://site.example' });
      expect(response.status, path).toBe(200);
      expect(headersOf(response, 'content-type', 'cache-control', 'accept-ranges', 'content-length')).toEqual(
        {
          'content-type': 'text/vtt; charset=utf-8',
          'cache-control': 'public, max-age=31536000, immutable',
          'accept-ranges': 'bytes',
          'content-length': String(Buffer.byteLength(VTT)),
        },
      );
      expect(response.headers.get('access-control-expose-headers')).toContain('Content-Range');
      expect(response.headers.get('etag')).toMatch(/^"[^"]+"$/);
      expect(await response.text()).toBe(VTT);

      const range = await get(path, { range: 'bytes=0-5' });
      expect(range.status).toBe(206);
      expect(range.headers.get('content-range')).toBe(`bytes 0-5/${Buffer.byteLength(VTT)}`);
      expect(await range.text()).toBe('WEBVTT');
      const pastEnd = await get(path, { range: `bytes=${Buffer.byteLength(VTT)}-` });
      expect(pastEnd.status).toBe(416);
      expect(pastEnd.headers.get('content-range')).toBe(`bytes */${Buffer.byteLength(VTT)}`);
    }
  });

  it('answers HEAD and If-None-Match without reading the body from storage', async () => {
    const [path = ''] = paths();
    const head = await get(path, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(VTT)));
    expect(head.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    expect(await head.text()).toBe('');
    const etag = head.headers.get('etag') ?? '';
    const revalidated = await get(path, { 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
    expect(store.calls.filter((call) => call.startsWith('get'))).toEqual([]);
    // HEAD and GET agree, whether the file comes from storage or from memory.
    const names = ['content-type', 'content-length', 'etag', 'cache-control', 'accept-ranges'];
    const whole = await get(path);
    await whole.text();
    const cachedHead = await get(path, {}, 'HEAD');
    expect(headersOf(cachedHead, ...names)).toEqual(headersOf(head, ...names));
    expect(headersOf(whole, ...names)).toEqual(headersOf(head, ...names));
  });

  it('is gone once replaced, even from memory, and never served for a revision not committed', async () => {
    const [path = ''] = paths();
    expect((await get(path)).status).toBe(200);
    await putCaption(VTT.replace('Hello', 'Hi'));
    for (const old of paths()) expect((await get(old)).status, old).toBe(404);
    expect((await get(`${captionBase.replace('/r1/', '/r2/')}.vtt`)).status).toBe(404);
  });

  it.each([
    (base: string) => `${base.replace('/r1/', '/')}.m3u8`,
    (base: string) => `${base.replace('/en/', '/english!/')}.vtt`,
    (base: string) => `${base.replace('/en/', '/EN/')}.vtt`,
    (base: string) => `${base}.vtt.bak`,
    (base: string) => `${base.replace('/captions/', '/captions/..%2F')}.vtt`,
    (base: string) => `${base.replace('/captions/en/', '/captions/en/x/')}.vtt`,
    (base: string) => `${base.slice(0, -1)}%2F.vtt`,
  ])('refuses a path that names no caption file (%#) before any storage call', async (path) => {
    const response = await get(path(captionBase));
    expect([400, 404]).toContain(response.status);
    expect(store.calls).toEqual([]);
  });
});

describe('captions of a signed asset', () => {
  it('are refused without a token and served under a valid token prefix, as the master names them', async () => {
    await catalog.setPlaybackPolicy(ID, { signed: true, allowedOrigins: [] });
    harness.delivery.forget(ID);
    for (const extension of ['.m3u8', '.vtt']) {
      expect((await get(`${captionBase}${extension}`)).status).toBe(403);
    }
    const signed = `/play/t/${tokens.sign(ID)}/${ID}/`;
    const master = await (await get(`${signed}master.m3u8`)).text();
    const playlistUri = /TYPE=SUBTITLES.*URI="([^"]+)"/.exec(master)?.[1] ?? '';
    const playlistUrl = new URL(playlistUri, `http://origin.test${signed}master.m3u8`);
    const playlist = await get(playlistUrl.pathname);
    expect(playlist.status).toBe(200);
    const fileUri = (await playlist.text()).split('\n').find((line) => line.endsWith('.vtt')) ?? '';
    const file = await get(new URL(fileUri, playlistUrl).pathname);
    expect(file.status).toBe(200);
    expect(await file.text()).toBe(VTT);
    expect(store.calls.filter((call) => call.startsWith('get'))).toHaveLength(1);
  });
});

describe('over node:http', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers HEAD like GET in both lanes: the fast lane (memory hits) and Hono (misses)', async () => {
    const fastLane = createFastLane({ ...harness, logHits: false });
    const honoLane = getRequestListener(harness.app.fetch);
    const lanes: string[] = [];
    const server = createServer((req, res) => {
      const fast = fastLane(req, res);
      lanes.push(fast ? 'fast' : 'hono');
      if (!fast) void honoLane(req, res);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const names = ['content-type', 'content-length', 'etag', 'cache-control'];
    for (const path of [`${captionBase}.m3u8`, `${captionBase}.vtt`]) {
      const head = await fetch(`${base}${path}`, { method: 'HEAD' }); // a miss: Hono
      const get = await fetch(`${base}${path}`);
      const body = await get.text();
      const cachedHead = await fetch(`${base}${path}`, { method: 'HEAD' }); // a hit: the fast lane
      expect(get.headers.get('content-length'), path).toBe(String(Buffer.byteLength(body)));
      expect(headersOf(head, ...names), path).toEqual(headersOf(get, ...names));
      expect(headersOf(cachedHead, ...names), path).toEqual(headersOf(get, ...names));
    }
    expect(lanes).toContain('fast');
  });
});
