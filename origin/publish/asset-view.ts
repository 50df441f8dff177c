/**
 * The asset object of the public API (API.md), built from the catalog record. Playback URLs are absolute:
 * from PUBLIC_BASE_URL when set, else from the request's own origin.
 */
import { framesPerSecond, type Presentation } from '../../manifests/model.js';
import {
  isPlayable,
  type AssetRecord,
  type AssetStatus,
  type PlaybackPolicy,
} from '../../packager/domain/asset.js';
import type { JsonValue } from '../../packager/domain/json-value.js';
import { imageLinks } from '../images/image-routes.js';
import type { PlaybackLinks } from '../signing/playback-links.js';

export interface VideoRenditionView {
  readonly id: string;
  readonly type: 'video';
  readonly width: number;
  readonly height: number;
  /** Frames per second, 3 decimals (29.97). */
  readonly frameRate: number;
  readonly bandwidthBps: number;
  readonly averageBandwidthBps: number;
  readonly codecs: string;
}

export interface AudioRenditionView {
  readonly id: string;
  readonly type: 'audio';
  readonly codecs: string;
  readonly channels: number;
  readonly bandwidthBps: number;
  readonly averageBandwidthBps: number;
}

export interface AssetView {
  readonly id: string;
  readonly title: string | null;
  readonly status: AssetStatus;
  readonly progress: number;
  readonly playable: boolean;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly durationMs: number | null;
  readonly renditions: readonly (VideoRenditionView | AudioRenditionView)[];
  readonly playback: { readonly hls: string; readonly dash: string; readonly player: string };
  /** Who may play it (PUT /v1/assets/{id}/playback-policy); signed assets' playback URLs carry a token. */
  readonly playbackPolicy: PlaybackPolicy;
  /** Poster, thumbnail (`?time=<seconds>`) and storyboard WebVTT links; null until the asset is playable. */
  readonly images: {
    readonly poster: string;
    readonly thumbnail: string;
    readonly storyboard: string;
  } | null;
  /** ISO 8601. */
  readonly createdAt: string;
  /** The publisher's own id and passthrough JSON (null when unset). */
  readonly externalId: string | null;
  readonly passthrough: JsonValue | null;
}

/** The base for absolute URLs: the configured public base, or the origin the request came to. */
export function publicBase(configured: string | undefined, requestUrl: string): string {
  return (configured ?? new URL(requestUrl).origin).replace(/\/+$/, '');
}

/** `playbackRoot` is the path prefix of the asset's playback URLs (`/play/{id}`, or with a token). */
export function playbackUrls(baseUrl: string, playbackRoot: string): AssetView['playback'] {
  const root = `${baseUrl}${playbackRoot}`;
  return { hls: `${root}/master.m3u8`, dash: `${root}/manifest.mpd`, player: `${root}/player` };
}

export function toAssetView(asset: AssetRecord, baseUrl: string, links?: PlaybackLinks): AssetView {
  return {
    id: asset.id,
    title: asset.title,
    status: asset.status,
    progress: asset.progress,
    playable: isPlayable(asset),
    error:
      asset.status === 'errored' && asset.error
        ? { code: asset.error.code, message: asset.error.message }
        : null,
    durationMs: asset.durationMs,
    renditions: asset.presentation ? renditionViews(asset.presentation) : [],
    playback: playbackUrls(baseUrl, links ? links(asset) : `/play/${asset.id}`),
    images: isPlayable(asset) ? imageLinks(`${baseUrl}${links ? links(asset) : `/play/${asset.id}`}`) : null,
    playbackPolicy: asset.playbackPolicy,
    createdAt: new Date(asset.createdAtMs).toISOString(),
    externalId: asset.externalId ?? null,
    passthrough: asset.passthrough ?? null,
  };
}

function renditionViews(presentation: Presentation): (VideoRenditionView | AudioRenditionView)[] {
  const video = presentation.video.map((r): VideoRenditionView => ({
    id: r.id,
    type: 'video',
    width: r.width,
    height: r.height,
    frameRate: Math.round(framesPerSecond(r.frameRate) * 1000) / 1000,
    bandwidthBps: r.bandwidthBps,
    averageBandwidthBps: r.averageBandwidthBps,
    codecs: r.codecs,
  }));
  const audio = presentation.audio.map((r): AudioRenditionView => ({
    id: r.id,
    type: 'audio',
    codecs: r.codecs,
    channels: r.channels,
    bandwidthBps: r.bandwidthBps,
    averageBandwidthBps: r.averageBandwidthBps,
  }));
  return [...video, ...audio];
}
