import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../test/fakes/memory-catalog.js';
import { createMemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import type { Catalog, ObjectStore } from '../../packager/ports.js';
import { countCalls, createTestApp } from '../testing/app-harness.js';
import { authHeaders } from '../testing/publisher-harness.js';
import { samplePresentation } from '../testing/presentation-fixture.js';
import { createPlaybackTokens } from '../signing/playback-token.js';

const ID = 'asset000000000000042';
const OTHER = 'asset000000000000043';
const SEGMENT = Buffer.from('segment bytes');
let nowMs: number;
const clock = { nowMs: () => nowMs };
const tokens = createPlaybackTokens({ keys: [{ id: 'k1', secret: 'x'.repeat(40) }], ttlSeconds: 600, clock });

let store: ObjectStore & { readonly calls: string[] };
let catalog: Catalog;
let app: ReturnType<typeof createTestApp>['app'];

beforeEach(async () => {
  nowMs = 1_800_000_000_000;
  const memory = createMemoryObjectStore();
  catalog = createMemoryCatalog();
  for (const id of [ID, OTHER]) {
    await catalog.createAsset({ id, title: null, sourceKey: `assets/${id}/source`, sourceSizeBytes: 1 });
    await catalog.markProcessing(id, 1);
    await catalog.commitRevision(id, 1, samplePresentation());
    await memory.put(`assets/${id}/r1/360p/1.m4s`, SEGMENT, { contentType: 'video/mp4' });
  }
  await catalog.setPlaybackPolicy(ID, { signed: true, allowedOrigins: [] });
  store = countCalls(memory);
  app = createTestApp({
    catalog,
    store,
    playbackTokens: tokens,
    clock,
    delivery: { assetCacheTtlMs: 0 },
  }).app;
});

const get = (path: string, headers: Record<string, string> = {}) =>
  app.request(`http://origin.test${path}`, { headers });

describe('a signed asset', () => {
  const files = ['master.m3u8', 'manifest.mpd', 'r1/360p.m3u8', 'r1/360p/1.m4s'];

  it.each(files)('refuses %s without a token, with 403 and no storage read', async (file) => {
    const response = await get(`/play/${ID}/${file}`);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'forbidden' });
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(store.calls).toEqual([]);
  });

  it.each(files)('serves %s under a valid token prefix', async (file) => {
    const response = await get(`/play/t/${tokens.sign(ID)}/${ID}/${file}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('refuses a tampered, foreign or expired token without reading storage', async () => {
    const token = tokens.sign(ID);
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [tampered, tokens.sign(OTHER)]) {
      const response = await get(`/play/t/${bad}/${ID}/r1/360p/1.m4s`);
      expect(response.status).toBe(403);
      expect(((await response.json()) as { detail: string }).detail).toContain('not valid');
    }
    nowMs += 601_000;
    const expired = await get(`/play/t/${token}/${ID}/r1/360p/1.m4s`);
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as { detail: string }).detail).toContain('expired');
    expect(store.calls).toEqual([]);
  });

  it('serves the same manifest bytes to every viewer: URIs are relative, the token stays in the path', async () => {
    const first = await (await get(`/play/t/${tokens.sign(ID)}/${ID}/master.m3u8`)).text();
    nowMs += 1000;
    const second = await (await get(`/play/t/${tokens.sign(ID)}/${ID}/master.m3u8`)).text();
    expect(second).toBe(first);
    expect(first).not.toContain('k1.');
    const unsigned = await (await get(`/play/${OTHER}/master.m3u8`)).text();
    expect(first).toBe(unsigned);
  });

  it('shares cached segments between viewers with different tokens (one storage read)', async () => {
    for (let index = 0; index < 3; index += 1) {
      nowMs += 1000;
      const response = await get(`/play/t/${tokens.sign(ID)}/${ID}/r1/360p/1.m4s?session=${index}`);
      expect(Buffer.from(await response.arrayBuffer())).toEqual(SEGMENT);
    }
    expect(store.calls.filter((call) => call.startsWith('get'))).toHaveLength(1);
  });

  it('leaves unsigned assets open, with or without a token', async () => {
    expect((await get(`/play/${OTHER}/r1/360p/1.m4s`)).status).toBe(200);
    expect((await get(`/play/t/${tokens.sign(ID)}/${OTHER}/r1/360p/1.m4s`)).status).toBe(200);
  });
});

describe('the player page of a signed asset', () => {
  it('opens under the token prefix, with script URLs that resolve to the site root', async () => {
    const pagePath = `/play/t/${tokens.sign(ID)}/${ID}/player`;
    const response = await get(pagePath);
    expect(response.status).toBe(200);
    const page = await response.text();
    const scripts = [...page.matchAll(/<script src="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(scripts).toHaveLength(3);
    for (const script of scripts) {
      const resolved = new URL(script, `http://origin.test${pagePath}`);
      expect(resolved.pathname.startsWith('/player-assets/')).toBe(true);
      expect((await get(`${resolved.pathname}${resolved.search}`)).status).toBe(200);
    }
    expect(page).toContain('data-hls-url="master.m3u8"');
  });

  it('refuses the page without a token, or with one for another asset', async () => {
    expect((await get(`/play/${ID}/player`)).status).toBe(403);
    expect((await get(`/play/t/${tokens.sign(OTHER)}/${ID}/player`)).status).toBe(403);
    expect((await get(`/play/${OTHER}/player`)).status).toBe(200);
  });
});

describe('an embed-restricted asset', () => {
  beforeEach(async () => {
    await catalog.setPlaybackPolicy(OTHER, { signed: false, allowedOrigins: ['https://site.example'] });
  });

  it('plays only on allowed pages and on the origin’s own pages', async () => {
    const path = `/play/${OTHER}/r1/360p/1.m4s`;
    expect((await get(path, { origin: 'https://site.example' })).status).toBe(200);
    expect((await get(path, { referer: 'https://site.example/watch' })).status).toBe(200);
    expect((await get(path, { referer: 'http://origin.test/play/x/player' })).status).toBe(200);
    const refused = await get(path, { origin: 'https://elsewhere.example' });
    expect(refused.status).toBe(403);
    expect((await get(path)).status).toBe(403);
  });
});

describe('PUT /v1/assets/{id}/playback-policy', () => {
  const put = (id: string, body: unknown) =>
    app.request(`http://origin.test/v1/assets/${id}/playback-policy`, {
      method: 'PUT',
      headers: { ...authHeaders(), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('signs an asset: its playback URLs then carry a token that plays', async () => {
    const response = await put(OTHER, { signed: true, allowedOrigins: ['https://Site.Example/'] });
    expect(response.status).toBe(200);
    const view = (await response.json()) as {
      playbackPolicy: unknown;
      playback: { hls: string; dash: string; player: string };
    };
    expect(view.playbackPolicy).toEqual({ signed: true, allowedOrigins: ['https://site.example'] });
    expect(view.playback.hls).toMatch(
      new RegExp(`^http://origin\\.test/play/t/k1\\.\\d+\\.[\\w-]{43}/${OTHER}/master\\.m3u8$`),
    );
    expect((await get(`/play/${OTHER}/master.m3u8`, { origin: 'https://site.example' })).status).toBe(403);
    expect((await get(new URL(view.playback.hls).pathname, { origin: 'https://site.example' })).status).toBe(
      200,
    );

    const reopened = await put(OTHER, {});
    expect(((await reopened.json()) as { playback: { hls: string } }).playback.hls).toBe(
      `http://origin.test/play/${OTHER}/master.m3u8`,
    );
    expect((await get(`/play/${OTHER}/master.m3u8`)).status).toBe(200);
  });

  it('refuses a bad policy with the fields at fault, and an unknown asset with 404', async () => {
    const bad = await put(OTHER, { signed: 'yes', allowedOrigins: ['https://site.example/page'], extra: 1 });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { code: string; errors: { field: string }[] };
    expect(body.code).toBe('invalid_request');
    expect(body.errors.map((e) => e.field).sort()).toEqual(['allowedOrigins.0', 'body', 'signed']);
    expect((await put('asset000000000000099', { signed: true })).status).toBe(404);
    const anonymous = await app.request(`http://origin.test/v1/assets/${OTHER}/playback-policy`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ signed: false }),
    });
    expect(anonymous.status).toBe(401);
  });

  it('refuses signed playback when the server has no signing key', async () => {
    const unsigned = createTestApp({ catalog, store }).app;
    const response = await unsigned.request(`http://origin.test/v1/assets/${OTHER}/playback-policy`, {
      method: 'PUT',
      headers: { ...authHeaders(), 'content-type': 'application/json' },
      body: JSON.stringify({ signed: true }),
    });
    expect(response.status).toBe(400);
  });
});
