/**
 * The asset object of the public API (API.md), built from the catalog record. Playback URLs are absolute:
 * from PUBLIC_BASE_URL when set, else from the request's own origin.
 */
import { framesPerSecond, type Presentation } from '../../manifests/model.js';
import { isPlayable, type AssetRecord, type AssetStatus } from '../../packager/domain/asset.js';

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
  /** ISO 8601. */
  readonly createdAt: string;
}

/** The base for absolute URLs: the configured public base, or the origin the request came to. */
export function publicBase(configured: string | undefined, requestUrl: string): string {
  return (configured ?? new URL(requestUrl).origin).replace(/\/+$/, '');
}

export function playbackUrls(baseUrl: string, assetId: string): AssetView['playback'] {
  const root = `${baseUrl}/play/${assetId}`;
  return { hls: `${root}/master.m3u8`, dash: `${root}/manifest.mpd`, player: `${root}/player` };
}

export function toAssetView(asset: AssetRecord, baseUrl: string): AssetView {
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
    playback: playbackUrls(baseUrl, asset.id),
    createdAt: new Date(asset.createdAtMs).toISOString(),
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
