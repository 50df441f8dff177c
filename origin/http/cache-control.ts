/**
 * The one place that decides how long a response may be cached and what media type it carries (O3, O5).
 * Pure; every route asks here instead of writing header values itself.
 */

/** What a response is, as far as caching goes. */
export type CacheKind =
  /** Init and media segments at revisioned URLs: the bytes behind such a URL never change. */
  | 'immutable'
  /** HLS and DASH manifests: rendered per request, may change when a new revision is committed. */
  | 'manifest'
  /** Publisher API answers: per-caller, changing state. */
  | 'api'
  /** Error answers: the next request may well succeed (asset becomes ready, upstream comes back). */
  | 'error'
  /** The player page: shows the asset's current state, revalidated every time. */
  | 'player-page'
  /** A static file whose URL does not carry its version: cache, but not forever. */
  | 'static-unversioned';

export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export interface CacheControlOptions {
  /** max-age of manifests, seconds. */
  readonly manifestMaxAgeSeconds: number;
}

export function cacheControlFor(kind: CacheKind, options: CacheControlOptions): string {
  switch (kind) {
    case 'immutable':
      return IMMUTABLE_CACHE_CONTROL;
    case 'manifest': {
      // Short and never immutable: a new revision must reach players within seconds. A CDN may keep
      // answering from its copy while it refetches, which spares the origin a stampede on the master.
      const maxAge = Math.max(0, Math.floor(options.manifestMaxAgeSeconds));
      return `public, max-age=${maxAge}, stale-while-revalidate=${Math.max(2 * maxAge, 2)}`;
    }
    case 'api':
    case 'error':
      return 'no-store';
    case 'player-page':
      return 'no-cache';
    case 'static-unversioned':
      return 'public, max-age=3600';
  }
}

export const CONTENT_TYPES = {
  hlsPlaylist: 'application/vnd.apple.mpegurl',
  dashMpd: 'application/dash+xml',
  videoMp4: 'video/mp4',
  audioMp4: 'audio/mp4',
  webVtt: 'text/vtt; charset=utf-8',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  javascript: 'text/javascript; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  problem: 'application/problem+json; charset=utf-8',
  octetStream: 'application/octet-stream',
} as const;

/**
 * Media type of a delivery file from its name and, for fMP4, its rendition: audio renditions (ids starting
 * with `audio`) are `audio/mp4`, every other rendition `video/mp4`.
 */
export function contentTypeForFile(fileName: string, renditionId?: string): string {
  const extension = fileName.slice(fileName.lastIndexOf('.') + 1).toLowerCase();
  switch (extension) {
    case 'm3u8':
      return CONTENT_TYPES.hlsPlaylist;
    case 'mpd':
      return CONTENT_TYPES.dashMpd;
    case 'mp4':
    case 'm4s':
      return renditionId?.startsWith('audio') ? CONTENT_TYPES.audioMp4 : CONTENT_TYPES.videoMp4;
    case 'vtt':
      return CONTENT_TYPES.webVtt;
    case 'jpg':
    case 'jpeg':
      return CONTENT_TYPES.jpeg;
    case 'webp':
      return CONTENT_TYPES.webp;
    case 'js':
      return CONTENT_TYPES.javascript;
    default:
      return CONTENT_TYPES.octetStream;
  }
}
