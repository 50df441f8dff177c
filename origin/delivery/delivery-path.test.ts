import { describe, expect, it } from 'vitest';
import { parseDeliveryPath, routeOf } from './delivery-path.js';

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
