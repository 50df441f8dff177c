import type { AssetError, AssetRecord } from './asset.js';

/**
 * What happens to an asset that publishers can subscribe to (webhooks):
 * - `asset.created`: the source is stored and packaging is queued.
 * - `asset.playable`: the HLS and DASH URLs play from the start (once per asset, possibly before `ready`).
 * - `asset.ready`: a revision is committed; every rendition is complete.
 * - `asset.errored`: packaging failed; the event carries the asset's error.
 * - `asset.deleted`: the asset and its objects are gone.
 */
export const ASSET_EVENT_TYPES = [
  'asset.created',
  'asset.playable',
  'asset.ready',
  'asset.errored',
  'asset.deleted',
] as const;

export type AssetEventType = (typeof ASSET_EVENT_TYPES)[number];

export function isAssetEventType(value: string): value is AssetEventType {
  return (ASSET_EVENT_TYPES as readonly string[]).includes(value);
}

/** An event as the code that saw the change reports it; the publisher adds the id, time and asset state. */
export interface AssetEvent {
  readonly type: AssetEventType;
  readonly assetId: string;
  /** The revision that became ready, playable or errored. */
  readonly revision?: number;
  /** For `asset.errored`. */
  readonly error?: AssetError;
  /** The asset as the reporter saw it; needed for `asset.deleted`, where the catalog no longer has it. */
  readonly asset?: AssetRecord;
}
