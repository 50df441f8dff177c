/**
 * Where an asset's playback URLs start: `/play/{assetId}`, or `/play/t/{token}/{assetId}` for a signed asset
 * (a fresh token each time the API is asked). Manifests, segments and the player page all sit under it with
 * relative URIs, so players carry the token along with no configuration.
 */
import type { AssetRecord } from '../../packager/domain/asset.js';
import type { PlaybackTokens } from './playback-token.js';

/** The path prefix of an asset's playback URLs. */
export type PlaybackLinks = (asset: AssetRecord) => string;

export function createPlaybackLinks(tokens: PlaybackTokens | null): PlaybackLinks {
  return (asset) =>
    asset.playbackPolicy.signed && tokens
      ? `/play/t/${tokens.sign(asset.id)}/${asset.id}`
      : `/play/${asset.id}`;
}
