import type { Presentation } from '../../manifests/model.js';
import type { JsonValue } from './json-value.js';

/**
 * The lifecycle of an asset: `queued` (source stored, job enqueued) -> `processing` (a worker holds the job)
 * -> `ready` (a revision is committed and playable) or `errored` (the source cannot be packaged; `error` says
 * why). A deleted asset disappears from every read.
 */
export const ASSET_STATUSES = ['queued', 'processing', 'ready', 'errored'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/** Asset ids are 20 url-safe characters; anything else is refused before touching storage. */
export const ASSET_ID_PATTERN = /^[A-Za-z0-9]{20}$/;

export function isAssetId(value: string): boolean {
  return ASSET_ID_PATTERN.test(value);
}

export interface AssetError {
  /** snake_case, one of ErrorCode. */
  readonly code: string;
  /** For a person: what went wrong with the source and, where it helps, what to do. */
  readonly message: string;
  /**
   * The last lines the media tool printed (ffmpeg/ffprobe stderr, paths replaced), newline-separated, for
   * operators only: never part of the public API. Absent when the failure has none.
   */
  readonly output?: string;
}

/**
 * Who may play an asset. The origin checks it on every manifest and segment request, before any storage
 * read, and answers 403 `forbidden` when it is not met.
 */
export interface PlaybackPolicy {
  /** Playback URLs must carry a valid, unexpired playback token for this asset (the API issues them). */
  readonly signed: boolean;
  /**
   * Web origins (`https://site.example`, scheme + host + optional port, no path) whose pages may play the
   * asset, checked against the request's Origin header, else its Referer. Empty: any page may.
   */
  readonly allowedOrigins: readonly string[];
}

/** The policy of an asset nobody restricted: anyone with the URL may play it. */
export const OPEN_PLAYBACK_POLICY: PlaybackPolicy = Object.freeze({
  signed: false,
  allowedOrigins: Object.freeze([]),
});

/** An asset as the catalog stores it. Times are milliseconds since the epoch. */
export interface AssetRecord {
  readonly id: string;
  readonly title: string | null;
  readonly status: AssetStatus;
  /** 0..100 while processing; 100 once ready. */
  readonly progress: number;
  readonly error: AssetError | null;
  /** Object key of the uploaded source. */
  readonly sourceKey: string;
  readonly sourceSizeBytes: number;
  readonly durationMs: number | null;
  /** The committed revision players see, or null before the first commit. */
  readonly currentRevision: number | null;
  /** Description of `currentRevision`, or null before the first commit. */
  readonly presentation: Presentation | null;
  /** Who may play it; OPEN_PLAYBACK_POLICY unless the publisher restricted it. */
  readonly playbackPolicy: PlaybackPolicy;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  /** The publisher's own id for the asset (not unique); null or absent when unset. */
  readonly externalId?: string | null;
  /** Publisher data stored with the asset and returned as-is (JSON, size-limited); null or absent when unset. */
  readonly passthrough?: JsonValue | null;
}

/** An asset can be played once a revision is committed, whatever happens to later revisions. */
export function isPlayable(asset: AssetRecord): boolean {
  return asset.currentRevision !== null && asset.presentation !== null;
}
