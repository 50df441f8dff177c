import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../test/fakes/memory-catalog.js';
import { createMemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import type { Catalog } from '../../packager/ports.js';
import { createTestApp } from '../testing/app-harness.js';
import { samplePresentation } from '../testing/presentation-fixture.js';

const ID = 'asset000000000000042';
let catalog: Catalog;
let app: ReturnType<typeof createTestApp>['app'];

beforeEach(async () => {
  catalog = createMemoryCatalog();
  await catalog.createAsset({
    id: ID,
    title: 'Clip <b>one</b>',
    sourceKey: `assets/${ID}/source`,
    sourceSizeBytes: 1,
  });
  app = createTestApp({ catalog, store: createMemoryObjectStore() }).app;
});

describe('player page', () => {
  it('shows both players and the asset’s relative URLs once playable', async () => {
    await catalog.markProcessing(ID, 1);
    await catalog.commitRevision(ID, 1, samplePresentation());
    const response = await app.request(`/play/${ID}/player`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const page = await response.text();
    expect(page).toMatch(/<script src="\.\.\/\.\.\/player-assets\/hls\.min\.js\?v=[\w-]+"><\/script>/);
    expect(page).toMatch(/<script src="\.\.\/\.\.\/player-assets\/dash\.all\.min\.js\?v=[\w-]+"><\/script>/);
    expect(page).toContain('data-hls-url="master.m3u8"');
    expect(page).toContain('data-dash-url="manifest.mpd"');
    expect(page).toContain('<video');
    // The title is text, never markup.
    expect(page).toContain('Clip &lt;b&gt;one&lt;/b&gt;');
    expect(page).not.toContain('<b>one</b>');
  });

  it('shows the progress and refreshes itself while packaging', async () => {
    await catalog.markProcessing(ID, 1);
    await catalog.updateProgress(ID, 1, 42);
    const page = await (await app.request(`/play/${ID}/player`)).text();
    expect(page).toContain('Processing… 42%');
    expect(page).toContain('http-equiv="refresh"');
    expect(page).not.toContain('<video');
  });

  it('shows the error of an errored asset', async () => {
    await catalog.markErrored(ID, 1, {
      code: 'no_media_streams',
      message: 'The file has no audio or video.',
    });
    const page = await (await app.request(`/play/${ID}/player`)).text();
    expect(page).toContain('The file has no audio or video.');
    expect(page).not.toContain('http-equiv="refresh"');
  });

  it('answers 404 for an unknown asset', async () => {
    expect((await app.request('/play/asset000000000000099/player')).status).toBe(404);
    expect((await app.request('/play/bad-id/player')).status).toBe(404);
  });
});

describe('player assets', () => {
  it('serves hls.js, dash.js and the page script, immutable when versioned', async () => {
    await catalog.markProcessing(ID, 1);
    await catalog.commitRevision(ID, 1, samplePresentation());
    const page = await (await app.request(`/play/${ID}/player`)).text();
    const hrefs = [...page.matchAll(/<script src="\.\.\/\.\.(\/player-assets\/[^"]+)"/g)].map(
      (m) => m[1] ?? '',
    );
    expect(hrefs).toHaveLength(3);
    for (const href of hrefs) {
      const response = await app.request(href);
      expect(response.status, href).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await response.text()).length).toBeGreaterThan(100);
    }
    const hls = await (await app.request(hrefs[0] ?? '')).text();
    expect(hls).toContain('Hls');
  });

  it('caches an unversioned request briefly, answers 304, and 404s unknown files', async () => {
    const response = await app.request('/player-assets/dash.all.min.js');
    expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
    const etag = response.headers.get('etag') ?? '';
    const again = await app.request('/player-assets/dash.all.min.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect((await app.request('/player-assets/secret.js')).status).toBe(404);
    expect((await app.request('/player-assets/..%2F..%2Fpackage.json')).status).toBe(404);
  });
});
