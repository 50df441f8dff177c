/**
 * Manifests rendered just in time from the committed presentation description and kept in memory. A
 * rendered manifest depends only on (asset, revision, manifest), never on the viewer (a token lives in the
 * path prefix and every URI inside is relative), so the cache key is exactly that, and an entry never goes
 * stale: a new revision, or a revision's final ladder after its preview, is a new key (how old the record
 * it is rendered from may be is the asset directory's rule: ASSET_CACHE_TTL_MS). Rendering is synchronous,
 * so concurrent requests in one process cannot render the same manifest twice at once.
 */
import { renderMpd } from '../../manifests/dash/mpd.js';
import { renderMasterPlaylist } from '../../manifests/hls/master.js';
import { renderMediaPlaylist } from '../../manifests/hls/media.js';
import type { UriResolver } from '../../manifests/uri.js';
import { createMemorySegmentCache } from '../../packager/cache/memory-segment-cache.js';
import { cacheControlFor, CONTENT_TYPES, type CacheControlOptions } from '../http/cache-control.js';
import { contentEtag } from '../http/conditional.js';
import type { OriginMetrics } from '../http/metrics.js';
import type { DeliveryTarget } from './delivery-path.js';
import type { PlayableAsset } from './playable-asset.js';
import { prepareResponse, type PreparedResponse } from './prepared-response.js';

export type ManifestTarget = Extract<DeliveryTarget, { kind: 'master' | 'mpd' | 'media-playlist' }>;

export interface ManifestCache {
  /** The prepared manifest, or null when the revision has no such rendition. */
  get(target: ManifestTarget, playable: PlayableAsset): PreparedResponse | null;
}

export interface ManifestCacheOptions {
  readonly cache: CacheControlOptions;
  readonly maxBytes: number;
  readonly metrics: Pick<OriginMetrics, 'cacheLookups'>;
}

const intoRevision =
  (revision: number): UriResolver =>
  (path) =>
    `r${revision}/${path}`;
const asIs: UriResolver = (path) => path;

export function createManifestCache(options: ManifestCacheOptions): ManifestCache {
  const entries = createMemorySegmentCache<PreparedResponse>({
    maxBytes: options.maxBytes,
    maxObjectBytes: options.maxBytes,
  });
  const cacheControl = cacheControlFor('manifest', options.cache);
  const hits = options.metrics.cacheLookups.labels('memory', 'manifest', 'hit');
  const misses = options.metrics.cacheLookups.labels('memory', 'manifest', 'miss');

  return {
    get(target, playable) {
      const { revision, presentation } = playable;
      // Progressive publish commits one revision twice: its preview (lowest rung + audio), then the whole
      // ladder. Media playlists are identical in both; master and MPD are keyed by the ladder's size too.
      const ladder = `${presentation.video.length}.${presentation.audio.length}`;
      // Captions (issue 6) join the presentation at render time and change without a new revision: their
      // versioned URIs are part of the key, so an added, replaced or removed track is a new key.
      const captions = (presentation.subtitles ?? []).map((track) => track.uri).join(',');
      const key =
        target.kind === 'media-playlist'
          ? `${target.assetId}/r${revision}/${target.renditionId}.m3u8`
          : `${target.assetId}/r${revision}/${ladder}/${captions}/${target.kind}`;
      const cached = entries.getNow(key);
      if (cached) {
        hits.inc();
        return cached;
      }
      misses.inc();
      let text: string | null;
      let contentType: string = CONTENT_TYPES.hlsPlaylist;
      if (target.kind === 'media-playlist')
        text = renderMediaPlaylist(presentation, target.renditionId, asIs);
      else if (target.kind === 'master') text = renderMasterPlaylist(presentation, intoRevision(revision));
      else {
        text = renderMpd(presentation, intoRevision(revision));
        contentType = CONTENT_TYPES.dashMpd;
      }
      if (text === null) return null;
      const body = Buffer.from(text, 'utf8');
      const entry = prepareResponse(
        { body, etag: contentEtag(body), contentType },
        { cacheControl, acceptRanges: false },
      );
      entries.setNow(key, entry);
      return entry;
    },
  };
}
