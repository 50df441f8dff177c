import { beforeEach, describe, expect, it } from 'vitest';
import { parseMasterPlaylist, parseMediaPlaylist } from '../../manifests/hls/parse.js';
import { parseMpd } from '../../manifests/dash/parse.js';
import { createMemoryCatalog } from '../../test/fakes/memory-catalog.js';
import { createMemoryObjectStore, type MemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import { createMemoryPublisherStores } from '../../test/fakes/memory-publisher-stores.js';
import { createTestApp } from '../testing/app-harness.js';
import { samplePresentation } from '../testing/presentation-fixture.js';
import { authHeaders } from '../testing/publisher-harness.js';

const ID = 'asset000000000000001';
let store: MemoryObjectStore;
let harness: ReturnType<typeof createTestApp>;

beforeEach(async () => {
  const catalog = createMemoryCatalog();
  store = createMemoryObjectStore();
  harness = createTestApp({ catalog, store, publisher: { stores: createMemoryPublisherStores(catalog) } });
  await catalog.createAsset({ id: ID, title: 't', sourceKey: `assets/${ID}/source`, sourceSizeBytes: 1 });
  await catalog.markProcessing(ID, 1);
  await catalog.commitRevision(ID, 1, samplePresentation());
});

function put(language: string, body: string, contentType = 'text/vtt', query = '') {
  return harness.app.request(`http://origin.test/v1/assets/${ID}/captions/${language}${query}`, {
    method: 'PUT',
    headers: { ...authHeaders(), 'content-type': contentType },
    body,
  });
}

const VTT = 'WEBVTT\n\n00:00.500 --> 00:02.000\nHello\n\n00:02.500 --> 00:03.500\nWorld\n';
const SRT = '1\n00:00:00,500 --> 00:00:02,000\nBonjour\n\n2\n00:00:02,500 --> 00:00:03,500\nle monde\n';

describe('captions', () => {
  it('stores WebVTT and converted SRT per language and serves them to players', async () => {
    const en = await put('en', VTT);
    expect(en.status).toBe(201);
    const caption = (await en.json()) as { url: string; name: string; language: string };
    expect(caption).toMatchObject({ language: 'en', name: 'English' });
    expect(caption.url).toMatch(new RegExp(`^http://origin.test/play/${ID}/captions/en/[A-Za-z0-9]+\\.vtt$`));
    const fr = await put('fr-ca', SRT, 'application/x-subrip', '?name=Fran%C3%A7ais');
    expect(await fr.json()).toMatchObject({ language: 'fr-CA', name: 'Français' });

    const file = await harness.app.request(caption.url, { headers: { origin: 'https://site.example' } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    expect(file.headers.get('access-control-allow-origin')).toBe('*');
    expect(file.headers.get('cache-control')).toContain('immutable');
    expect(await file.text()).toBe(VTT);

    const listed: unknown = await (
      await harness.app.request(`/v1/assets/${ID}/captions`, { headers: authHeaders() })
    ).json();
    expect((listed as { data: { language: string }[] }).data.map((c) => c.language)).toEqual(['en', 'fr-CA']);
  });

  it('lists captions as HLS SUBTITLES renditions and DASH text AdaptationSets', async () => {
    await put('en', VTT);
    await put('fr', SRT, 'application/x-subrip');
    const masterUrl = `http://origin.test/play/${ID}/master.m3u8`;
    const master = parseMasterPlaylist(await (await harness.app.request(masterUrl)).text());
    const subtitles = master.media.filter((media) => media.type === 'SUBTITLES');
    expect(subtitles.map((s) => [s.language, s.name])).toEqual([
      ['en', 'English'],
      ['fr', 'French'],
    ]);
    const playlistUrl = new URL(subtitles[0]?.uri ?? '', masterUrl).toString();
    const playlistResponse = await harness.app.request(playlistUrl);
    expect(playlistResponse.headers.get('content-type')).toContain('mpegurl');
    const playlist = parseMediaPlaylist(await playlistResponse.text());
    expect(playlist.segments).toHaveLength(1);
    expect(playlist.segments[0]?.durationSeconds).toBeCloseTo(4, 6);
    const vtt = await harness.app.request(new URL(playlist.segments[0]?.uri ?? '', playlistUrl).toString());
    expect(await vtt.text()).toBe(VTT);

    const mpdUrl = `http://origin.test/play/${ID}/manifest.mpd`;
    const mpd = parseMpd(await (await harness.app.request(mpdUrl)).text(), mpdUrl);
    const text = mpd.adaptationSets.filter((set) => set.contentType === 'text');
    expect(text.map((set) => [set.lang, set.mimeType])).toEqual([
      ['en', 'text/vtt'],
      ['fr', 'text/vtt'],
    ]);
  });

  it('refuses a bad file naming its line, a bad language, an unknown asset; deletes a track', async () => {
    const bad = await put('en', 'WEBVTT\n\n00:00.000 --> 00:01.000\nok\n\n00:02.000 -> 00:03.000\nbroken\n');
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({
      code: 'invalid_caption',
      detail: expect.stringMatching(/^Line 6 of the VTT file/) as unknown,
    });
    const badSrt = await put('en', '1\n00:00:01,000 -> 00:00:02,000\nx\n', 'application/x-subrip');
    expect(await badSrt.json()).toMatchObject({
      detail: expect.stringMatching(/^Line 2 of the SRT file/) as unknown,
    });
    expect((await put('english!', VTT)).status).toBe(400);
    const unknown = await harness.app.request('/v1/assets/AAAAAAAAAAAAAAAAAAAA/captions/en', {
      method: 'PUT',
      headers: { ...authHeaders(), 'content-type': 'text/vtt' },
      body: VTT,
    });
    expect(unknown.status).toBe(404);
    expect(store.keys().filter((key) => key.includes('/captions/'))).toEqual([]);

    await put('en', VTT);
    const removed = await harness.app.request(`/v1/assets/${ID}/captions/en`, {
      method: 'DELETE',
      headers: authHeaders(),
    });
    expect(removed.status).toBe(204);
    expect(store.keys().filter((key) => key.includes('/captions/'))).toEqual([]);
    expect(
      await (await harness.app.request(`http://origin.test/play/${ID}/master.m3u8`)).text(),
    ).not.toContain('SUBTITLES');
  });

  it('replaces a track: the new version gets a new URL, the old file is gone', async () => {
    const first = (await (await put('en', VTT)).json()) as { url: string };
    const second = await put('en', VTT.replace('Hello', 'Hi'));
    expect(second.status).toBe(200);
    const { url } = (await second.json()) as { url: string };
    expect(url).not.toBe(first.url);
    expect((await harness.app.request(first.url)).status).toBe(404);
    expect(await (await harness.app.request(url)).text()).toContain('Hi');
  });
});
