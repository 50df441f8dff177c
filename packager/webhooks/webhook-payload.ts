/**
 * The JSON body of a webhook delivery:
 *   { "id": "evt_…", "type": "asset.ready", "createdAt": "2026-…Z", "data": { "asset": { … } } }
 * `data.asset` is the asset's state when the event happened (the API's asset object without renditions;
 * fetch GET /v1/assets/{id} for those). Playback paths are relative to the API's base unless
 * PUBLIC_BASE_URL is set, as API.md allows.
 */
import { isPlayable, type AssetRecord } from '../domain/asset.js';
import type { AssetEvent } from '../domain/asset-events.js';
import type { JsonValue } from '../domain/json-value.js';

export interface WebhookAssetData {
  readonly id: string;
  readonly status: string;
  readonly progress: number | null;
  readonly playable: boolean;
  readonly title: string | null;
  readonly externalId: string | null;
  readonly passthrough: JsonValue | null;
  readonly durationMs: number | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly playback: { readonly hls: string; readonly dash: string; readonly player: string };
}

export interface WebhookEventBody {
  readonly id: string;
  readonly type: AssetEvent['type'];
  readonly createdAt: string;
  readonly data: { readonly asset: WebhookAssetData };
}

export function webhookEventBody(
  id: string,
  createdAtMs: number,
  event: AssetEvent,
  asset: AssetRecord | null,
  publicBaseUrl: string | undefined,
): WebhookEventBody {
  const root = `${publicBaseUrl ?? ''}/play/${event.assetId}`;
  const error = event.error ?? (asset?.status === 'errored' ? asset.error : null);
  return {
    id,
    type: event.type,
    createdAt: new Date(createdAtMs).toISOString(),
    data: {
      asset: {
        id: event.assetId,
        status: event.type === 'asset.deleted' ? 'deleted' : (asset?.status ?? 'unknown'),
        progress: asset?.progress ?? null,
        playable: event.type !== 'asset.deleted' && asset !== null && isPlayable(asset),
        title: asset?.title ?? null,
        externalId: asset?.externalId ?? null,
        passthrough: asset?.passthrough ?? null,
        durationMs: asset?.durationMs ?? null,
        error: error ? { code: error.code, message: error.message } : null,
        playback: { hls: `${root}/master.m3u8`, dash: `${root}/manifest.mpd`, player: `${root}/player` },
      },
    },
  };
}
