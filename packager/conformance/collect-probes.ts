/**
 * The HTTP probes of O1-O7, asked of a few real resources of the presentation (each manifest, subtitle
 * playlists included, every init segment, the first media segment of each rendition, every text file) and of
 * paths derived from the real URLs that must be refused. Probe bodies are only counted, never kept.
 */
import { runPool } from '../pipeline/run-pool.js';
import type { HttpClient } from './http-client.js';
import type {
  HttpProbe,
  InitSnapshot,
  ManifestSnapshot,
  MediaPlaylistSnapshot,
  RefusalProbe,
  SegmentSnapshot,
  TextFileSnapshot,
} from './snapshot.js';
import { lastPathParts, neighbourId, replaceLastPathPart, replacePathPartFromEnd } from './urls.js';

/** A page of another origin, as a player embedded anywhere would be. */
export const PROBE_ORIGIN = 'https://player.conformance.invalid';

export interface ProbeTarget {
  readonly label: string;
  readonly url: string;
  readonly kind: 'manifest' | 'media';
}

export function probeTargets(fetched: {
  readonly hls: ManifestSnapshot<unknown>;
  readonly dash: ManifestSnapshot<unknown>;
  readonly mediaPlaylists: readonly MediaPlaylistSnapshot[];
  readonly textPlaylists: readonly MediaPlaylistSnapshot[];
  readonly inits: ReadonlyMap<string, InitSnapshot>;
  readonly segments: ReadonlyMap<string, SegmentSnapshot>;
  readonly textFiles: ReadonlyMap<string, TextFileSnapshot>;
}): ProbeTarget[] {
  const targets: ProbeTarget[] = [
    { label: 'master', url: fetched.hls.url, kind: 'manifest' },
    { label: 'mpd', url: fetched.dash.url, kind: 'manifest' },
    ...[...fetched.mediaPlaylists, ...fetched.textPlaylists].map((playlist) => ({
      label: `${playlist.name} playlist`,
      url: playlist.url,
      kind: 'manifest' as const,
    })),
  ];
  for (const initUrl of fetched.inits.keys()) {
    targets.push({ label: lastPathParts(initUrl, 2), url: initUrl, kind: 'media' });
    const first = [...fetched.segments.values()].find((segment) => segment.initUrl === initUrl);
    if (first) targets.push({ label: lastPathParts(first.url, 2), url: first.url, kind: 'media' });
  }
  // Text files are objects like segments (immutable, ranges), and there are few: each is probed.
  for (const url of fetched.textFiles.keys()) {
    targets.push({ label: lastPathParts(url, 2), url, kind: 'media' });
  }
  return targets;
}

export async function collectProbes(
  client: HttpClient,
  targets: readonly ProbeTarget[],
  concurrency: number,
): Promise<HttpProbe[]> {
  const probes = new Map<ProbeTarget, HttpProbe>();
  await runPool(targets, concurrency, async (target) => {
    probes.set(target, await probe(client, target));
  });
  return targets.flatMap((target) => probes.get(target) ?? []);
}

async function probe(client: HttpClient, target: ProbeTarget): Promise<HttpProbe> {
  const { url } = target;
  const origin = { Origin: PROBE_ORIGIN };
  const get = (await client.request(url, { headers: origin, body: 'count' })).facts;
  const head = (await client.request(url, { method: 'HEAD', headers: origin })).facts;
  const preflightHeaders = {
    ...origin,
    'Access-Control-Request-Method': 'GET',
    'Access-Control-Request-Headers': 'range',
  };
  const preflight = (
    await client.request(url, { method: 'OPTIONS', headers: preflightHeaders, body: 'count' })
  ).facts;
  const etag = get.headers['etag'];
  const notModified =
    etag === undefined
      ? null
      : (await client.request(url, { headers: { ...origin, 'If-None-Match': etag }, body: 'count' })).facts;
  let fullRange = null;
  let pastEndRange = null;
  if (target.kind === 'media') {
    fullRange = (await client.request(url, { headers: { ...origin, Range: 'bytes=0-' }, body: 'count' }))
      .facts;
    const range = `bytes=${get.bodyBytes}-`;
    pastEndRange = (await client.request(url, { headers: { ...origin, Range: range }, body: 'count' })).facts;
  }
  return {
    label: target.label,
    kind: target.kind,
    get,
    head,
    preflight,
    notModified,
    fullRange,
    pastEndRange,
  };
}

/**
 * O7: the master playlist of an id that does not exist (the master URL's parent path part is the asset id),
 * and paths that try to leave the asset through encoded slashes or an absolute key. Dot segments (`..`,
 * `%2e%2e`) cannot be sent: every URL parser removes them before the request leaves.
 */
export async function collectRefusals(
  client: HttpClient,
  hlsUrl: string,
  segmentUrl: string | null,
): Promise<{ unknownAsset: RefusalProbe | null; pathTricks: RefusalProbe[] }> {
  const assetId = lastPathParts(hlsUrl, 2).split('/')[0] ?? '';
  const unknownUrl = assetId === '' ? null : replacePathPartFromEnd(hlsUrl, 1, neighbourId(assetId));
  const unknownAsset =
    unknownUrl === null
      ? null
      : { label: 'unknown asset', response: (await client.request(unknownUrl, { body: 'count' })).facts };

  const tricks: { label: string; url: string | null }[] = [
    {
      label: 'encoded ../ in place of the asset id',
      url: replacePathPartFromEnd(hlsUrl, 1, `..%2F${assetId}`),
    },
  ];
  if (segmentUrl !== null) {
    tricks.push(
      {
        label: 'encoded ../../../ in the file name',
        url: replaceLastPathPart(segmentUrl, '..%2F..%2F..%2Fsource'),
      },
      {
        label: 'encoded ../ in the rendition',
        url: replacePathPartFromEnd(segmentUrl, 1, '..%2F..%2Fsource'),
      },
      { label: 'absolute key as the file name', url: replaceLastPathPart(segmentUrl, '%2Fetc%2Fpasswd') },
      {
        label: 'encoded / inside the asset id',
        url: replacePathPartFromEnd(segmentUrl, 3, `${assetId}%2F..%2F${neighbourId(assetId)}`),
      },
    );
  }
  const pathTricks: RefusalProbe[] = [];
  for (const trick of tricks) {
    if (trick.url === null) continue;
    pathTricks.push({
      label: trick.label,
      response: (await client.request(trick.url, { body: 'count' })).facts,
    });
  }
  return { unknownAsset, pathTricks };
}
