/**
 * Manifests (master, MPD, media and subtitle playlists) rendered just in time from the committed presentation
 * description, with the asset's captions, and kept in memory. A rendered manifest depends only on (asset,
 * revision, manifest), never on the viewer (a token lives in the path prefix and every URI inside is
 * relative), so the cache key is exactly that, and an entry never goes stale: a new revision, or a
 * revision's final ladder after its preview, is a new key (how old the record it is rendered from may be is
 * the asset directory's rule: ASSET_CACHE_TTL_MS). Rendering is synchronous, so concurrent requests in one
 * process cannot render the same manifest twice at once.
 */
import { renderMpd } from '../../manifests/dash/mpd.js';
import { renderMasterPlaylist } from '../../manifests/hls/master.js';
import { renderMediaPlaylist } from '../../manifests/hls/media.js';
import { renderSubtitlePlaylist, subtitleTrackAt } from '../../manifests/hls/subtitles.js';
import type { UriResolver } from '../../manifests/uri.js';
import { createMemorySegmentCache } from '../../packager/cache/memory-segment-cache.js';
import { captionPath } from '../captions/caption-tracks.js';
import { cacheControlFor, CONTENT_TYPES, type CacheControlOptions } from '../http/cache-control.js';
import { contentEtag } from '../http/conditional.js';
import type { OriginMetrics } from '../http/metrics.js';
import type { DeliveryTarget } from './delivery-path.js';
import type { PlayableAsset } from './playable-asset.js';
import { prepareResponse, type PreparedResponse } from './prepared-response.js';

export type ManifestTarget = Extract<
  DeliveryTarget,
  { kind: 'master' | 'mpd' | 'media-playlist' | 'subtitle-playlist' }
>;

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
/** A subtitle playlist sits in its caption's folder: the file it lists is a sibling. */
const fileNameOnly: UriResolver = (path) => path.slice(path.lastIndexOf('/') + 1);

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
      // A provisional presentation (planned timelines, segment-level progressive publish) and the measured one
      // that replaces it in the same revision are different keys too, media playlists included.
      const phase = presentation.provisional === true ? '.provisional' : '';
      const ladder = `${presentation.video.length}.${presentation.audio.length}${phase}`;
      // Captions (issue 6) join the presentation at render time and change without a new revision: their
      // versioned URIs are part of the key, so an added, replaced or removed track is a new key.
      const captions = (presentation.subtitles ?? []).map((track) => track.uri).join(',');
      // Only a caption the asset has now, asked before the cache: a replaced or removed version is gone.
      const subtitle =
        target.kind === 'subtitle-playlist'
          ? subtitleTrackAt(presentation, captionPath(target.caption, 'm3u8'))
          : undefined;
      if (target.kind === 'subtitle-playlist' && subtitle === undefined) return null;
      // A subtitle playlist lasts as long as the presentation, which the ladder's timelines decide.
      const key =
        target.kind === 'media-playlist'
          ? `${target.assetId}/r${revision}${phase}/${target.renditionId}.m3u8`
          : subtitle !== undefined
            ? `${target.assetId}/r${revision}/${ladder}/${subtitle.playlistUri}`
            : `${target.assetId}/r${revision}/${ladder}/${captions}/${target.kind}`;
      const cached = entries.getNow(key);
      if (cached) {
        hits.inc();
        return cached;
      }
      misses.inc();
      let text: string | null;
      let contentType: string = CONTENT_TYPES.hlsPlaylist;
      switch (target.kind) {
        case 'media-playlist':
          text = renderMediaPlaylist(presentation, target.renditionId, asIs);
          break;
        case 'subtitle-playlist':
          text = subtitle ? renderSubtitlePlaylist(presentation, subtitle.id, fileNameOnly) : null;
          break;
        case 'master':
          text = renderMasterPlaylist(presentation, intoRevision(revision));
          break;
        case 'mpd':
          text = renderMpd(presentation, intoRevision(revision));
          contentType = CONTENT_TYPES.dashMpd;
          break;
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
