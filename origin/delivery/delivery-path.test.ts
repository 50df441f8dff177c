import { describe, expect, it } from 'vitest';
import { type DeliveryTarget, parseDeliveryPath, routeOf } from './delivery-path.js';

const ID = 'asset000000000000042';
const TOKEN = `k1.1800000000.${'A'.repeat(43)}`;

describe('parseDeliveryPath', () => {
  it.each([
    [`/play/${ID}/master.m3u8`, { kind: 'master', assetId: ID, token: null }],
    [`/play/${ID}/manifest.mpd`, { kind: 'mpd', assetId: ID, token: null }],
    [
      `/play/${ID}/r3/720p.m3u8`,
      { kind: 'media-playlist', assetId: ID, token: null, revision: 3, renditionId: '720p' },
    ],
    [`/play/t/${TOKEN}/${ID}/master.m3u8`, { kind: 'master', assetId: ID, token: TOKEN }],
    [
      `/play/t/${TOKEN}/${ID}/r1/audio.m3u8`,
      { kind: 'media-playlist', assetId: ID, token: TOKEN, revision: 1, renditionId: 'audio' },
    ],
  ])('%s', (path, expected) => {
    expect(parseDeliveryPath(path)).toEqual(expected);
  });

  it('parses segment paths into object references, with or without a token', () => {
    const ref = { assetId: ID, revision: 2, renditionId: '360p', fileName: '12.m4s' };
    expect(parseDeliveryPath(`/play/${ID}/r2/360p/12.m4s`)).toEqual({
      kind: 'object',
      assetId: ID,
      token: null,
      ref,
    });
    expect(parseDeliveryPath(`/play/t/${TOKEN}/${ID}/r2/360p/12.m4s`)).toEqual({
      kind: 'object',
      assetId: ID,
      token: TOKEN,
      ref,
    });
    expect(routeOf({ kind: 'object', assetId: ID, token: TOKEN, ref })).toBe(
      '/play/t/:token/:assetId/:revisionPart/:renditionId/:fileName',
    );
  });

  it('parses caption paths: subtitle playlists and files in a revision, files for <track> outside one', () => {
    const caption = { language: 'pt-BR', version: 'Ab3dEf6hIj9K' };
    expect(parseDeliveryPath(`/play/${ID}/r2/captions/pt-BR/Ab3dEf6hIj9K.m3u8`)).toEqual({
      kind: 'subtitle-playlist',
      assetId: ID,
      token: null,
      revision: 2,
      caption,
    });
    const file: DeliveryTarget = { kind: 'subtitle-file', assetId: ID, token: TOKEN, revision: 2, caption };
    expect(parseDeliveryPath(`/play/t/${TOKEN}/${ID}/r2/captions/pt-BR/Ab3dEf6hIj9K.vtt`)).toEqual(file);
    expect(routeOf(file)).toBe('/play/t/:token/:assetId/:revisionPart/captions/:language/:file');
    expect(parseDeliveryPath(`/play/${ID}/captions/pt-BR/Ab3dEf6hIj9K.vtt`)).toEqual({
      kind: 'caption-file',
      assetId: ID,
      token: null,
      caption,
    });
    // A rendition may still be called `captions`: its segments are not caption files.
    expect(parseDeliveryPath(`/play/${ID}/r1/captions/1.m4s`)).toMatchObject({ kind: 'object' });
  });

  it.each([
    `/play/${ID}/captions/en/Ab3dEf6hIj9K.m3u8`,
    `/play/${ID}/captions/en/Ab3dEf6hIj9K.vtt/x`,
    `/play/${ID}/r0/captions/en/Ab3dEf6hIj9K.vtt`,
    `/play/${ID}/r1/captions/english!/Ab3dEf6hIj9K.vtt`,
    `/play/${ID}/r1/captions/en/Ab3d-f6hIj9K.vtt`,
    `/play/${ID}/r1/captions/en/Ab3dEf6hIj9K.srt`,
    `/play/${ID}/r1/captions/en/..%2F..%2Fsource`,
    `/play/${ID}/r1/captions/en%2F..%2F..%2Fsource/x.vtt`,
    `/play/${ID}/r1/captions/en/a/b.vtt`,
  ])('refuses caption path %s', (path) => {
    expect(parseDeliveryPath(path)).toBeNull();
  });

  it.each([
    '/play/',
    `/play/${ID}`,
    `/play/${ID}/player`,
    `/play/${ID}/master.m3u8/`,
    `/play/${ID}/r0/360p.m3u8`,
    `/play/${ID}/r1/360P.m3u8`,
    `/play/${ID}/r1/360p/init.mp4.bak`,
    `/play/${ID}/r1/360p/..%2F..%2Fsource`,
    `/play/${ID}/r1/360p/%2E%2E/x`,
    `/play/${ID}/r1/360p/a/b`,
    `/play/short/master.m3u8`,
    `/play/t/${TOKEN}/${ID}/player`,
    `/play/t/not-a-token/${ID}/master.m3u8`,
    `/play/t/${TOKEN}/master.m3u8`,
    `/play/t//${ID}/master.m3u8`,
    `/other/${ID}/master.m3u8`,
  ])('refuses %s', (path) => {
    expect(parseDeliveryPath(path)).toBeNull();
  });
});
