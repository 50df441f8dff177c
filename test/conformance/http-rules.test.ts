/**
 * O1-O7 against the real origin app serving a real packaged presentation, then against answers broken on
 * the way back (headers dropped, statuses changed): every rule must be seen to fire.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkHttpRules } from '../../packager/conformance/http-rules.js';
import type { PresentationSnapshot } from '../../packager/conformance/snapshot.js';
import { type PackagedPresentation, packagePresentation, snapshotOf } from './packaged-presentation.js';
import { expectViolation, lines } from './rule-expect.js';
import { type Tamper, type TamperRequest, snapshotWith } from './tamper.js';

let ladder: PackagedPresentation;
let baseline: PresentationSnapshot;

beforeAll(async () => {
  ladder = await packagePresentation({ durationS: 3, width: 640, height: 360, fps: 30, audio: true });
  baseline = await snapshotOf(ladder);
});

const path = (suffix: string) => (request: TamperRequest) => request.url.pathname.endsWith(`/${suffix}`);
const withHeader = (name: string) => (request: TamperRequest) => request.headers.has(name);

async function check(...tampers: Tamper[]) {
  return checkHttpRules(await snapshotWith(ladder, ...tampers));
}

describe('HTTP rules of the origin', () => {
  it('find nothing to report on the origin as it is', () => {
    expect(lines(checkHttpRules(baseline))).toEqual([]);
    expect(baseline.probes.map((probe) => probe.label)).toEqual([
      'master',
      'mpd',
      '360p playlist',
      'audio playlist',
      '360p/init.mp4',
      '360p/1.m4s',
      'audio/init.mp4',
      'audio/1.m4s',
    ]);
    expect(baseline.pathTricks.length).toBeGreaterThanOrEqual(4);
  });

  it('O1: no CORS headers, headers not exposed, a preflight refused', async () => {
    const violations = await check(
      { when: path('1.m4s'), headers: (h) => h.delete('access-control-allow-origin') },
      { when: path('init.mp4'), headers: (h) => h.set('access-control-expose-headers', 'ETag') },
      { when: (r) => r.method === 'OPTIONS' && r.url.pathname.endsWith('/master.m3u8'), status: 405 },
    );
    expectViolation(violations, 'O1', '360p/1.m4s', /^Access-Control-Allow-Origin is absent$/);
    expectViolation(
      violations,
      'O1',
      '360p/init.mp4',
      /^Access-Control-Expose-Headers lacks content-length, content-range$/,
    );
    expectViolation(violations, 'O1', 'master', /^OPTIONS preflight of a ranged GET answered 405/);
  });

  it('O2: no Accept-Ranges, a range answered in full, a bad range without */SIZE, HEAD unlike GET', async () => {
    const violations = await check(
      {
        when: (r) => path('360p/1.m4s')(r) && !r.headers.has('range'),
        headers: (h) => h.delete('accept-ranges'),
      },
      { when: (r) => path('audio/1.m4s')(r) && r.headers.get('range') === 'bytes=0-', status: 200 },
      {
        when: (r) => path('audio/init.mp4')(r) && withHeader('range')(r),
        headers: (h) => h.delete('content-range'),
      },
      {
        when: (r) => r.method === 'HEAD' && path('manifest.mpd')(r),
        headers: (h) => h.set('content-type', 'text/xml'),
      },
    );
    expectViolation(violations, 'O2', '360p/1.m4s', /^Accept-Ranges is absent, not bytes$/);
    expectViolation(
      violations,
      'O2',
      'audio/1.m4s',
      /^Range: bytes=0- answered 200 with Content-Range bytes 0-\d+\/\d+ and \d+ bytes, expected 206/,
    );
    expectViolation(
      violations,
      'O2',
      'audio/init.mp4',
      /^Range: bytes=\d+- answered 416 with Content-Range absent, expected 416 bytes \*\/\d+$/,
    );
    expectViolation(
      violations,
      'O2',
      'mpd',
      /^HEAD answered 200 with 0 body bytes; differs from GET in content-type$/,
    );
  });

  it('O3: segments not cached forever, manifests cached forever', async () => {
    const violations = await check(
      { when: path('2.m4s'), headers: (h) => h.set('cache-control', 'public, max-age=60') },
      {
        when: path('master.m3u8'),
        headers: (h) => h.set('cache-control', 'public, max-age=31536000, immutable'),
      },
    );
    expectViolation(
      violations,
      'O3',
      '360p/2.m4s',
      /^Cache-Control "public, max-age=60", not "public, max-age=31536000, immutable"$/,
    );
    expectViolation(
      violations,
      'O3',
      'master',
      /^manifest marked immutable: public, max-age=31536000, immutable$/,
    );
    expectViolation(violations, 'O3', 'master', /manifests need a max-age of at most 60 s$/);
    expectViolation(violations, 'O3', 'master', /has no stale-while-revalidate$/);
  });

  it('O4: no ETag, a weak one on immutable bytes, If-None-Match not answered with 304', async () => {
    const violations = await check(
      { when: path('2.m4s'), headers: (h) => h.delete('etag') },
      { when: path('init.mp4'), headers: (h) => h.set('etag', 'W/"abc"') },
      { when: (r) => path('manifest.mpd')(r) && withHeader('if-none-match')(r), status: 200 },
    );
    expectViolation(violations, 'O4', '360p/2.m4s', /^no ETag$/);
    expectViolation(violations, 'O4', '360p/init.mp4', /^weak ETag W\/"abc" on immutable bytes$/);
    expectViolation(violations, 'O4', 'mpd', /^If-None-Match: "[^"]+" answered 200, not 304$/);
  });

  it('O5: wrong media types', async () => {
    const violations = await check(
      { when: path('audio/2.m4s'), headers: (h) => h.set('content-type', 'video/mp4') },
      { when: path('360p/2.m4s'), headers: (h) => h.set('content-type', 'application/octet-stream') },
      { when: path('manifest.mpd'), headers: (h) => h.set('content-type', 'application/xml') },
    );
    expectViolation(
      violations,
      'O5',
      'audio/2.m4s',
      /^Content-Type video\/mp4, expected audio\/mp4 or video\/iso\.segment$/,
    );
    expectViolation(
      violations,
      'O5',
      '360p/2.m4s',
      /^Content-Type application\/octet-stream, expected video\/mp4 or video\/iso\.segment$/,
    );
    expectViolation(
      violations,
      'O5',
      'mpd',
      /^Content-Type application\/xml, expected application\/dash\+xml$/,
    );
  });

  it('O6: with a token on the playback URLs, URIs that lose it', async () => {
    const signed = {
      ...ladder,
      urls: { hls: `${ladder.urls.hls}?token=abc`, dash: `${ladder.urls.dash}?token=abc` },
    };
    const snapshot = await snapshotOf(signed);
    const stripped = snapshot.segments.size + snapshot.inits.size + snapshot.mediaPlaylists.length;
    expectViolation(
      checkHttpRules(snapshot),
      'O6',
      'manifests',
      new RegExp(`^${stripped} URIs lose the playback token, e\\.g\\. http`),
    );
  });

  it('O7: an unknown asset or a path leaving the asset that is not refused', async () => {
    const violations = await check(
      { when: (r) => !r.url.pathname.includes('ConformanceAsset0001'), status: 200 },
      { when: (r) => r.url.pathname.includes('%2F'), status: 500 },
    );
    expectViolation(
      violations,
      'O7',
      'unknown asset',
      /^[A-Za-z0-9]{20}\/master\.m3u8 answered 200, not 404$/,
    );
    expectViolation(
      violations,
      'O7',
      'encoded ../../../ in the file name',
      /\/\.\.%2F\.\.%2F\.\.%2Fsource answered 500, not a 4xx refusal$/,
    );
    expectViolation(
      violations,
      'O7',
      'absolute key as the file name',
      /%2Fetc%2Fpasswd answered 500, not a 4xx refusal$/,
    );
  });
});
