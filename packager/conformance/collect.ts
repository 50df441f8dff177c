/**
 * Fetches a presentation through the origin into a PresentationSnapshot: the master playlist, every media
 * and subtitle playlist, the MPD (each twice, to see that it does not change), every init and media segment
 * named by either manifest (each once, parsed by the packager's ISO-BMFF reader), every file of a
 * side-loaded text rendition (each once, its WebVTT signature read), and the HTTP probes of O1-O7.
 */
import { parseMpd } from '../../manifests/dash/parse.js';
import { parseMasterPlaylist, parseMediaPlaylist } from '../../manifests/hls/parse.js';
import { parseInitSegment } from '../media/init-segment.js';
import { parseMediaSegment, readSegmentSamples } from '../media/media-segment.js';
import { runPool } from '../pipeline/run-pool.js';
import { collectProbes, collectRefusals, probeTargets } from './collect-probes.js';
import { type HttpClient, type HttpClientOptions, createHttpClient } from './http-client.js';
import type {
  InitSnapshot,
  ManifestSnapshot,
  MediaPlaylistSnapshot,
  PresentationSnapshot,
  SegmentSnapshot,
  TextFileSnapshot,
} from './snapshot.js';
import { isSideLoadedText, mediaRepresentations, textFileUrls } from './tracks.js';
import { errorMessage, lastPathParts, playlistName, resolveUrl } from './urls.js';

export interface PlaybackUrls {
  /** Absolute URL of the HLS multivariant playlist. */
  readonly hls: string;
  /** Absolute URL of the DASH MPD. */
  readonly dash: string;
}

export interface CollectOptions extends HttpClientOptions {
  /** Requests in flight at once; default 6 (what a browser opens per host). */
  readonly concurrency?: number;
}

export async function collectSnapshot(
  urls: PlaybackUrls,
  options: CollectOptions = {},
): Promise<PresentationSnapshot> {
  const client = createHttpClient(options);
  const concurrency = Math.max(1, options.concurrency ?? 6);
  const [hls, dash] = await Promise.all([
    fetchManifest(client, urls.hls, parseMasterPlaylist),
    fetchManifest(client, urls.dash, (text) => parseMpd(text, urls.dash)),
  ]);

  // SUBTITLES renditions apart: a subtitle playlist without EXT-X-MAP lists plain text files, not CMAF.
  const playlistUrls = new Set<string>();
  const subtitleUrls = new Set<string>();
  for (const uri of hls.parsed?.variants.map((variant) => variant.uri) ?? []) {
    const url = resolveUrl(uri, urls.hls);
    if (url !== null) playlistUrls.add(url);
  }
  for (const media of hls.parsed?.media ?? []) {
    const url = media.uri === null ? null : resolveUrl(media.uri, urls.hls);
    if (url !== null) (media.type === 'SUBTITLES' ? subtitleUrls : playlistUrls).add(url);
  }
  for (const url of playlistUrls) subtitleUrls.delete(url);
  const order = [...playlistUrls, ...subtitleUrls];
  const playlists: MediaPlaylistSnapshot[] = [];
  await runPool(order, concurrency, async (url) => {
    playlists.push(await fetchMediaPlaylist(client, url, subtitleUrls.has(url)));
  });
  playlists.sort((a, b) => order.indexOf(a.url) - order.indexOf(b.url));
  const isText = (playlist: MediaPlaylistSnapshot) =>
    subtitleUrls.has(playlist.url) && playlist.initUrl === null;
  const mediaPlaylists = playlists.filter((playlist) => !isText(playlist));
  const textPlaylists = playlists.filter(isText);

  // Every object either manifest names, once, each media segment with the init segment it belongs to.
  const initOf = new Map<string, string>();
  const initUrls = new Set<string>();
  for (const playlist of mediaPlaylists) {
    if (playlist.initUrl === null) continue;
    initUrls.add(playlist.initUrl);
    for (const segment of playlist.segments) {
      if (!initOf.has(segment.url)) initOf.set(segment.url, playlist.initUrl);
    }
  }
  for (const representation of mediaRepresentations(dash.parsed)) {
    if (representation.initUri === null) continue;
    initUrls.add(representation.initUri);
    for (const segment of representation.segments) {
      if (!initOf.has(segment.uri)) initOf.set(segment.uri, representation.initUri);
    }
  }

  const fetchedInits = new Map<string, InitSnapshot>();
  await runPool([...initUrls], concurrency, async (url) => {
    fetchedInits.set(url, await fetchInit(client, url));
  });
  const fetchedSegments = new Map<string, SegmentSnapshot>();
  await runPool([...initOf], concurrency, async ([url, initUrl]) => {
    fetchedSegments.set(url, await fetchSegment(client, url, initUrl, fetchedInits.get(initUrl) ?? null));
  });
  const textUrls = new Set(textPlaylists.flatMap((playlist) => playlist.segments.map((s) => s.url)));
  for (const set of dash.parsed?.adaptationSets ?? []) {
    for (const representation of set.representations) {
      if (isSideLoadedText(set, representation))
        for (const url of textFileUrls(representation)) textUrls.add(url);
    }
  }
  const fetchedText = new Map<string, TextFileSnapshot>();
  await runPool([...textUrls], concurrency, async (url) => {
    fetchedText.set(url, await fetchTextFile(client, url));
  });
  // In manifest order, whatever order the requests completed in, so reports and probes are deterministic.
  const inits = inOrder(fetchedInits, [...initUrls]);
  const segments = inOrder(fetchedSegments, [...initOf.keys()]);
  const textFiles = inOrder(fetchedText, [...textUrls]);

  const targets = probeTargets({ hls, dash, mediaPlaylists, textPlaylists, inits, segments, textFiles });
  const probes = await collectProbes(client, targets, concurrency);
  const { unknownAsset, pathTricks } = await collectRefusals(
    client,
    urls.hls,
    [...segments.keys()][0] ?? null,
  );
  return {
    hls,
    mediaPlaylists,
    textPlaylists,
    dash,
    inits,
    segments,
    textFiles,
    probes,
    unknownAsset,
    pathTricks,
    bytesReceived: client.bytesReceived(),
  };
}

function inOrder<T>(map: ReadonlyMap<string, T>, keys: readonly string[]): Map<string, T> {
  return new Map(keys.flatMap((key) => (map.has(key) ? [[key, map.get(key) as T] as const] : [])));
}

async function fetchManifest<Parsed>(
  client: HttpClient,
  url: string,
  parse: (text: string) => Parsed,
): Promise<ManifestSnapshot<Parsed>> {
  const first = await client.request(url);
  const text = first.facts.status === 200 && first.body !== null ? first.body.toString('utf8') : null;
  const again = await client.request(url);
  const refetch = {
    response: again.facts,
    text: again.facts.status === 200 && again.body !== null ? again.body.toString('utf8') : null,
  };
  if (text === null) return { url, response: first.facts, text, refetch, parsed: null, parseError: null };
  try {
    return { url, response: first.facts, text, refetch, parsed: parse(text), parseError: null };
  } catch (error) {
    return { url, response: first.facts, text, refetch, parsed: null, parseError: errorMessage(error) };
  }
}

async function fetchMediaPlaylist(
  client: HttpClient,
  url: string,
  isSubtitles: boolean,
): Promise<MediaPlaylistSnapshot> {
  const manifest = await fetchManifest(client, url, parseMediaPlaylist);
  const playlist = manifest.parsed;
  const segments = (playlist?.segments ?? []).flatMap((segment) => {
    const resolved = resolveUrl(segment.uri, url);
    return resolved === null ? [] : [{ url: resolved, durationSeconds: segment.durationSeconds }];
  });
  const initUrl = playlist?.mapUri == null ? null : resolveUrl(playlist.mapUri, url);
  // Subtitle playlists are named by their folder (the language) too: their file name is a version id.
  const name = isSubtitles ? lastPathParts(url, 2).replace(/\.m3u8$/i, '') : playlistName(url);
  return { ...manifest, name, initUrl, segments };
}

/** WebVTT 1.0 section 4.1: an optional BOM, `WEBVTT`, then a space, a tab or the end of the line. */
const WEBVTT_SIGNATURE = /^\uFEFF?WEBVTT(?:[ \t][^\r\n]*)?(?:\r\n|\r|\n|$)/;

async function fetchTextFile(client: HttpClient, url: string): Promise<TextFileSnapshot> {
  const { facts, body } = await client.request(url);
  if (facts.status !== 200 || body === null) {
    return { url, response: facts, error: facts.error ?? `HTTP ${facts.status}` };
  }
  // Only WebVTT is side-loaded by ScalaCast's manifests (text/vtt); other text types are not judged here.
  const type = facts.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  const text = body.toString('utf8');
  const isVtt = type === 'text/vtt' || /\.vtt$/i.test(new URL(url).pathname);
  if (isVtt && !WEBVTT_SIGNATURE.test(text)) {
    const firstLine = text.split(/\r\n|\r|\n/, 1)[0] ?? '';
    return {
      url,
      response: facts,
      error: `not WebVTT: it starts with "${firstLine.slice(0, 40)}", not the WEBVTT signature`,
    };
  }
  return { url, response: facts, error: null };
}

async function fetchInit(client: HttpClient, url: string): Promise<InitSnapshot> {
  const { facts, body } = await client.request(url);
  if (facts.status !== 200 || body === null) {
    return { url, response: facts, info: null, error: facts.error ?? `HTTP ${facts.status}` };
  }
  try {
    return { url, response: facts, info: parseInitSegment(body), error: null };
  } catch (error) {
    return { url, response: facts, info: null, error: errorMessage(error) };
  }
}

async function fetchSegment(
  client: HttpClient,
  url: string,
  initUrl: string,
  init: InitSnapshot | null,
): Promise<SegmentSnapshot> {
  const { facts, body } = await client.request(url);
  const base = { url, initUrl, response: facts, fragments: [], samples: [] };
  if (facts.status !== 200 || body === null) return { ...base, error: facts.error ?? `HTTP ${facts.status}` };
  if (init?.info == null) return { ...base, error: 'its init segment is unreadable' };
  try {
    const { fragments } = parseMediaSegment(body, init.info);
    return { ...base, fragments, samples: readSegmentSamples(body, init.info), error: null };
  } catch (error) {
    return { ...base, error: errorMessage(error) };
  }
}
