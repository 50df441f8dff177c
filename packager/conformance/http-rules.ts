/**
 * O1-O7: how the origin answers (RFC 9110 ranges and conditional requests, Fetch CORS, caching). Every GET
 * the checker made (text files of subtitle renditions included) is judged for caching and media types; the
 * probes add CORS, ranges, HEAD and 304; the refusal probes confine paths. Pure.
 */
import { checkProbe } from './http-probe-rules.js';
import type { ManifestSnapshot, PresentationSnapshot, ResponseFacts, TextFileSnapshot } from './snapshot.js';
import { kindOf } from './tracks.js';
import { lastPathParts } from './urls.js';
import { type RuleId, type Violation, violation } from './violation.js';

export const HTTP_RULES: readonly RuleId[] = ['O1', 'O2', 'O3', 'O4', 'O5', 'O6', 'O7'];

const IMMUTABLE_MAX_AGE_SECONDS = 31_536_000;
/** O3: a manifest cached longer than this keeps a new revision from players for more than a minute. */
const MANIFEST_MAX_AGE_SECONDS = 60;

export function checkHttpRules(snapshot: PresentationSnapshot): Violation[] {
  const out: Violation[] = [];
  const manifests: [string, ResponseFacts, string][] = [
    ['master', snapshot.hls.response, 'application/vnd.apple.mpegurl'],
    ['mpd', snapshot.dash.response, 'application/dash+xml'],
    ...[...snapshot.mediaPlaylists, ...snapshot.textPlaylists].map((p): [string, ResponseFacts, string] => [
      `${p.name} playlist`,
      p.response,
      'application/vnd.apple.mpegurl',
    ]),
  ];
  for (const [subject, response, type] of manifests) {
    if (response.status !== 200) continue;
    checkManifestCaching(out, subject, response);
    checkType(out, subject, response, [type]);
    if (response.headers['etag'] === undefined) out.push(violation('O4', subject, 'no ETag'));
  }
  const refetched: [string, ManifestSnapshot<unknown>][] = [
    ['master', snapshot.hls],
    ['mpd', snapshot.dash],
    ...[...snapshot.mediaPlaylists, ...snapshot.textPlaylists].map(
      (p): [string, ManifestSnapshot<unknown>] => [p.name, p],
    ),
  ];
  for (const [subject, manifest] of refetched) {
    const first = manifest.response.headers['etag'];
    const again = manifest.refetch?.response.headers['etag'];
    if (manifest.text !== null && manifest.text === manifest.refetch?.text && first !== again) {
      out.push(violation('O4', subject, `same bytes, different ETags: ${first} then ${again}`));
    }
  }
  for (const init of snapshot.inits.values()) {
    checkMediaObject(out, init.response, kindOf(init.info), false);
  }
  for (const segment of snapshot.segments.values()) {
    const kind = kindOf(snapshot.inits.get(segment.initUrl)?.info ?? null);
    checkMediaObject(out, segment.response, kind, true);
  }
  for (const file of snapshot.textFiles.values()) checkTextFile(out, file);
  for (const probe of snapshot.probes) checkProbe(out, probe);
  checkSignedUris(out, snapshot);
  checkRefusals(out, snapshot);
  return out;
}

function checkManifestCaching(out: Violation[], subject: string, response: ResponseFacts): void {
  const cacheControl = response.headers['cache-control'];
  const directives = parseCacheControl(cacheControl);
  const maxAge = directives.get('max-age');
  if (directives.has('immutable'))
    out.push(violation('O3', subject, `manifest marked immutable: ${cacheControl}`));
  if (maxAge === undefined || !/^\d+$/.test(maxAge) || Number(maxAge) > MANIFEST_MAX_AGE_SECONDS) {
    out.push(
      violation(
        'O3',
        subject,
        `Cache-Control "${cacheControl ?? ''}": manifests need a max-age of at most ${MANIFEST_MAX_AGE_SECONDS} s`,
      ),
    );
  }
  if (!directives.has('stale-while-revalidate')) {
    out.push(violation('O3', subject, `Cache-Control "${cacheControl ?? ''}" has no stale-while-revalidate`));
  }
}

function checkMediaObject(out: Violation[], response: ResponseFacts, kind: string, isSegment: boolean): void {
  if (response.status !== 200) return; // F2/F3 report what could not be fetched
  const allowed =
    kind === 'audio' ? ['audio/mp4'] : kind === 'video' ? ['video/mp4'] : ['video/mp4', 'audio/mp4'];
  checkImmutableObject(out, response, isSegment ? [...allowed, 'video/iso.segment'] : allowed);
}

/**
 * The file of a side-loaded text rendition: served (the manifests promise it), as the text type its name
 * says, holding what that type says (a WebVTT file starts with its signature); then cached like a segment.
 */
function checkTextFile(out: Violation[], file: TextFileSnapshot): void {
  const subject = lastPathParts(file.url, 2);
  const { response } = file;
  const allowed = /\.vtt$/i.test(new URL(file.url).pathname)
    ? ['text/vtt']
    : ['text/vtt', 'application/ttml+xml'];
  if (response.status !== 200) {
    const reason = response.error ? ` (${response.error})` : '';
    out.push(violation('O5', subject, `answered HTTP ${response.status}${reason}, not a ${allowed[0]} file`));
    return;
  }
  if (file.error !== null) out.push(violation('O5', subject, file.error));
  checkImmutableObject(out, response, allowed);
}

/** O3 (immutable at a revisioned URL), O5 (one of `allowed` types) and O4 (a strong ETag) of an object. */
function checkImmutableObject(out: Violation[], response: ResponseFacts, allowed: readonly string[]): void {
  const subject = lastPathParts(response.url, 2);
  const cacheControl = response.headers['cache-control'];
  const directives = parseCacheControl(cacheControl);
  if (
    !directives.has('public') ||
    !directives.has('immutable') ||
    directives.get('max-age') !== String(IMMUTABLE_MAX_AGE_SECONDS)
  ) {
    out.push(
      violation(
        'O3',
        subject,
        `Cache-Control "${cacheControl ?? ''}", not "public, max-age=${IMMUTABLE_MAX_AGE_SECONDS}, immutable"`,
      ),
    );
  }
  if (!/\/r\d+\//.test(new URL(response.url).pathname)) {
    out.push(violation('O3', subject, 'cached forever at a URL without a revision part (/r{N}/)'));
  }
  checkType(out, subject, response, allowed);
  const etag = response.headers['etag'];
  if (etag === undefined) out.push(violation('O4', subject, 'no ETag'));
  else if (etag.startsWith('W/')) out.push(violation('O4', subject, `weak ETag ${etag} on immutable bytes`));
}

function checkType(
  out: Violation[],
  subject: string,
  response: ResponseFacts,
  allowed: readonly string[],
): void {
  const type = response.headers['content-type'];
  const essence = type?.split(';')[0]?.trim().toLowerCase();
  if (essence === undefined || !allowed.includes(essence)) {
    out.push(violation('O5', subject, `Content-Type ${type ?? '(none)'}, expected ${allowed.join(' or ')}`));
  }
}

/** O6: with a token in the query of the playback URLs, every URI the manifests lead to carries it too. */
function checkSignedUris(out: Violation[], snapshot: PresentationSnapshot): void {
  const token = new URL(snapshot.hls.url).search;
  if (token === '') return;
  const urls = [
    ...[...snapshot.mediaPlaylists, ...snapshot.textPlaylists].map((playlist) => playlist.url),
    ...snapshot.inits.keys(),
    ...snapshot.segments.keys(),
    ...snapshot.textFiles.keys(),
  ];
  const unsigned = urls.filter((url) => !new URL(url).search.includes(token.slice(1)));
  if (unsigned.length > 0) {
    out.push(
      violation('O6', 'manifests', `${unsigned.length} URIs lose the playback token, e.g. ${unsigned[0]}`),
    );
  }
}

/** Whether the snapshot's URLs are signed (O6 applies). */
export function isSignedPlayback(snapshot: PresentationSnapshot): boolean {
  return new URL(snapshot.hls.url).search !== '';
}

function checkRefusals(out: Violation[], snapshot: PresentationSnapshot): void {
  const unknown = snapshot.unknownAsset;
  if (unknown !== null && unknown.response.status !== 404) {
    out.push(
      violation(
        'O7',
        unknown.label,
        `${lastPathParts(unknown.response.url, 2)} answered ${unknown.response.status}, not 404`,
      ),
    );
  }
  for (const trick of snapshot.pathTricks) {
    const status = trick.response.status;
    if (status < 400 || status > 499) {
      out.push(
        violation(
          'O7',
          trick.label,
          `${new URL(trick.response.url).pathname} answered ${status}, not a 4xx refusal`,
        ),
      );
    }
  }
}

function parseCacheControl(value: string | undefined): Map<string, string> {
  const directives = new Map<string, string>();
  for (const part of (value ?? '').split(',')) {
    const [name, argument] = part.split('=');
    if (name !== undefined && name.trim() !== '')
      directives.set(name.trim().toLowerCase(), argument?.trim() ?? '');
  }
  return directives;
}
