import type { Presentation } from '../../manifests/model.js';

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
}

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
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

/** An asset can be played once a revision is committed, whatever happens to later revisions. */
export function isPlayable(asset: AssetRecord): boolean {
  return asset.currentRevision !== null && asset.presentation !== null;
}
