/**
 * A packaged presentation with captions (an HLS SUBTITLES rendition whose one segment is a WebVTT file, a
 * DASH text AdaptationSet whose Representation is that file at a BaseURL), served by the real origin app:
 * the checker judges its text renditions as text, by the rules that hold for them and not the CMAF ones, and
 * still catches every way a text rendition can be wrong.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runCheckCommand } from '../../origin/cli/check.js';
import { checkPresentation, evaluateSnapshot } from '../../packager/conformance/check-presentation.js';
import type { PresentationSnapshot } from '../../packager/conformance/snapshot.js';
import { RULE_IDS } from '../../packager/conformance/violation.js';
import { type PackagedPresentation, packagePresentation, snapshotOf } from './packaged-presentation.js';
import { expectViolation, lines } from './rule-expect.js';
import { type Tamper, type TamperRequest, rewrite, snapshotWith } from './tamper.js';

/** SubRip, as publishers often upload: the API converts it to WebVTT. */
const CAPTIONS = '1\n00:00:00,500 --> 00:00:02,000\nHello\n\n2\n00:00:02,200 --> 00:00:02,900\nWorld\n';

let captioned: PackagedPresentation;
let baseline: PresentationSnapshot;
/** `en/{version}`: how reports name the subtitle playlist. */
let playlistName: string;
/** `en/{version}.vtt`: how reports name the WebVTT file. */
let fileName: string;

beforeAll(async () => {
  captioned = await packagePresentation(
    { durationS: 3, width: 640, height: 360, fps: 30, audio: true },
    { captions: { en: CAPTIONS } },
  );
  baseline = await snapshotOf(captioned);
  playlistName = baseline.textPlaylists[0]?.name ?? '';
  fileName = `${playlistName}.vtt`;
});

/** Requests of the caption's playlist (`.m3u8`) or file (`.vtt`), GET unless said otherwise. */
const caption =
  (extension: '.m3u8' | '.vtt', method = 'GET') =>
  (request: TamperRequest) =>
    request.method === method &&
    request.url.pathname.includes('/captions/') &&
    request.url.pathname.endsWith(extension);

async function violationsWith(...tampers: Tamper[]) {
  return evaluateSnapshot(await snapshotWith(captioned, ...tampers)).violations;
}

describe('a presentation with captions', () => {
  it('is conformant: its text rendition is collected as text, not as CMAF media', async () => {
    const report = await checkPresentation(captioned.urls, { fetch: captioned.fetch });
    expect(lines(report.violations)).toEqual([]);
    expect(report.checkedRules).toEqual(RULE_IDS.filter((rule) => rule !== 'O6'));
    expect(report.stats).toMatchObject({ renditions: 2, textFiles: 1 });

    expect(baseline.textPlaylists.map((playlist) => playlist.name)).toEqual([
      expect.stringMatching(/^en\/[A-Za-z0-9]+$/),
    ]);
    expect(baseline.mediaPlaylists.map((playlist) => playlist.name)).toEqual(['360p', 'audio']);
    const [file] = [...baseline.textFiles.values()];
    expect(file?.url).toBe(`http://origin.test/play/${captioned.assetId}/r1/captions/${fileName}`);
    expect(file?.error).toBeNull();
    // Every text URL was probed: the playlist like a manifest, the file like a segment (ranges too).
    const probes = baseline.probes.filter((probe) => probe.label.startsWith('en/'));
    expect(probes.map((probe) => [probe.label, probe.kind])).toEqual([
      [`${playlistName} playlist`, 'manifest'],
      [fileName, 'media'],
    ]);
    expect(probes.map((probe) => probe.notModified?.status)).toEqual([304, 304]);
    expect(probes[1]?.fullRange?.status).toBe(206);
  });

  it('is what `scalacast check` says of it, text files counted', async () => {
    const stdout: string[] = [];
    const code = await runCheckCommand([captioned.urls.hls], {
      stdout: (line) => stdout.push(line),
      stderr: (line) => stdout.push(line),
      fetch: captioned.fetch,
    });
    expect(stdout).toEqual([
      expect.stringMatching(/^conformant: 32 rules over 2 renditions, \d+ segments, 1 text file, [\d.]+ MB /),
    ]);
    expect(code).toBe(0);
  });

  it('catches a text track that is not served: the playlist, or the file both manifests name', async () => {
    const missingPlaylist = await violationsWith({ when: caption('.m3u8'), status: 404 });
    expectViolation(missingPlaylist, 'H8', playlistName, /^answered HTTP 404$/);

    const missingFile = await violationsWith({ when: caption('.vtt'), status: 404 });
    expectViolation(missingFile, 'O5', fileName, /^answered HTTP 404, not a text\/vtt file$/);
    expectViolation(missingFile, 'O1', fileName, /answered HTTP 404/);
  });

  it('catches a file that is not WebVTT, or served with the wrong type', async () => {
    const noSignature = await violationsWith({
      when: caption('.vtt'),
      text: (text) => text.replace(/^WEBVTT/, 'WEBVT'),
    });
    expectViolation(
      noSignature,
      'O5',
      fileName,
      /^not WebVTT: it starts with "WEBVT", not the WEBVTT signature$/,
    );

    const wrongType = await violationsWith({
      when: caption('.vtt'),
      headers: (h) => h.set('content-type', 'text/plain'),
    });
    expectViolation(wrongType, 'O5', fileName, /^Content-Type text\/plain, expected text\/vtt$/);
  });

  it('applies the playlist rules that hold for subtitles: end list, VOD, target duration', async () => {
    const violations = await violationsWith({
      when: caption('.m3u8'),
      text: (text) =>
        text
          .replace('#EXT-X-ENDLIST\n', '')
          .replace('#EXT-X-PLAYLIST-TYPE:VOD\n', '')
          .replace(/#EXT-X-TARGETDURATION:\d+/, '#EXT-X-TARGETDURATION:1'),
    });
    expectViolation(violations, 'M3', playlistName, /^no EXT-X-ENDLIST$/);
    expectViolation(violations, 'M3', playlistName, /^EXT-X-PLAYLIST-TYPE is absent, not VOD$/);
    expectViolation(violations, 'M1', playlistName, /^EXT-X-TARGETDURATION 1 < EXTINF 3\.\d+ of segment 1/);
    expect(violations.filter((v) => v.rule === 'M3' && /EXT-X-MAP/.test(v.message))).toEqual([]);
  });

  it('catches the origin answering text files and subtitle playlists badly (O1-O4)', async () => {
    const violations = await violationsWith(
      { when: caption('.vtt'), headers: (h) => h.delete('access-control-allow-origin') },
      { when: caption('.vtt', 'HEAD'), headers: (h) => h.delete('content-length') },
      {
        when: (r) => caption('.vtt')(r) && r.headers.has('range'),
        status: 200,
        headers: (h) => h.delete('content-range'),
      },
      { when: caption('.vtt'), headers: (h) => h.set('cache-control', 'public, max-age=60') },
      {
        when: caption('.m3u8'),
        headers: (h) => h.delete('etag'),
      },
    );
    expectViolation(violations, 'O1', fileName, /^Access-Control-Allow-Origin is absent$/);
    expectViolation(
      violations,
      'O2',
      fileName,
      /^HEAD answered 200 with 0 body bytes; differs from GET in content-length/,
    );
    expectViolation(violations, 'O2', fileName, /^Range: bytes=0- answered 200/);
    expectViolation(violations, 'O3', fileName, /not "public, max-age=31536000, immutable"/);
    expectViolation(violations, 'O4', `${playlistName} playlist`, /^no ETag$/);
  });

  it('D2/D6: the MPD names the files the subtitle playlists name, in a text AdaptationSet with a language', async () => {
    const violations = await violationsWith(
      rewrite('manifest.mpd', (text) =>
        text.replace(/(<BaseURL>[^<]*\/)[A-Za-z0-9]+\.vtt</, '$1Other0000000.vtt<').replace(' lang="en"', ''),
      ),
    );
    expectViolation(
      violations,
      'D6',
      'subs-en',
      /^no HLS subtitle playlist lists its file en\/Other0000000\.vtt$/,
    );
    expectViolation(
      violations,
      'D6',
      playlistName,
      /^no text Representation of the MPD names en\/[A-Za-z0-9]+\.vtt$/,
    );
    expectViolation(violations, 'D2', 'AdaptationSet 2', /^text without @lang$/);
    // The file the MPD names is fetched on its own, and it does not exist.
    expectViolation(violations, 'O5', 'en/Other0000000.vtt', /^answered HTTP 404/);
  });

  it('D3: a text Representation without a BaseURL names no file', async () => {
    const violations = await violationsWith(
      rewrite('manifest.mpd', (text) => text.replace(/\s*<BaseURL>[^<]*<\/BaseURL>/, '')),
    );
    expectViolation(violations, 'D3', 'subs-en', /^names no file: neither a BaseURL nor segment addressing$/);
    expectViolation(violations, 'D6', playlistName, /^no text Representation of the MPD names/);
  });

  it('H5: a variant names a SUBTITLES group that no EXT-X-MEDIA defines', async () => {
    const violations = await violationsWith(
      rewrite('master.m3u8', (text) => text.replace(/^#EXT-X-MEDIA:TYPE=SUBTITLES.*\n/m, '')),
    );
    expectViolation(violations, 'H5', '360p', /^SUBTITLES="subs" names no EXT-X-MEDIA group$/);
  });
});
