/**
 * The one parser of playback paths, shared by the Hono routes and the node:http fast lane, so both accept
 * exactly the same URLs. Every part is checked against a closed pattern before the catalog, a cache or the
 * store is asked. A signed asset's URLs carry the token as a path prefix, so relative URIs inside manifests
 * keep it without the manifests (or their cache keys) ever containing it:
 *
 *   /play/{assetId}/master.m3u8                      HLS multivariant playlist of the current revision
 *   /play/{assetId}/manifest.mpd                     DASH MPD of the current revision
 *   /play/{assetId}/r{rev}/{renditionId}.m3u8        HLS media playlist (revision root)
 *   /play/{assetId}/r{rev}/{renditionId}/{file}      init.mp4 or N.m4s
 *   /play/t/{token}/{assetId}/...                    the same, with a playback token
 */
import { isAssetId } from '../../packager/domain/asset.js';
import {
  isRenditionId,
  parseMediaObjectRef,
  type MediaObjectRef,
} from '../../packager/domain/object-keys.js';
import { TOKEN_SHAPE } from '../signing/playback-token.js';

export type DeliveryTarget =
  | { readonly kind: 'master' | 'mpd'; readonly assetId: string; readonly token: string | null }
  | {
      readonly kind: 'media-playlist';
      readonly assetId: string;
      readonly token: string | null;
      readonly revision: number;
      readonly renditionId: string;
    }
  | {
      readonly kind: 'object';
      readonly assetId: string;
      readonly token: string | null;
      readonly ref: MediaObjectRef;
    };

const PREFIX = '/play/';
const REVISION_PART = /^r([1-9][0-9]{0,5})$/;
const PLAYLIST_SUFFIX = '.m3u8';

/** Route patterns (metric labels), the same in both lanes. */
export const DELIVERY_ROUTES = {
  master: '/play/:assetId/master.m3u8',
  mpd: '/play/:assetId/manifest.mpd',
  'media-playlist': '/play/:assetId/:revisionPart/:playlist',
  object: '/play/:assetId/:revisionPart/:renditionId/:fileName',
} as const satisfies Record<DeliveryTarget['kind'], string>;

/** The same routes behind a token prefix. */
export const SIGNED_DELIVERY_ROUTES = {
  master: '/play/t/:token/:assetId/master.m3u8',
  mpd: '/play/t/:token/:assetId/manifest.mpd',
  'media-playlist': '/play/t/:token/:assetId/:revisionPart/:playlist',
  object: '/play/t/:token/:assetId/:revisionPart/:renditionId/:fileName',
} as const satisfies Record<DeliveryTarget['kind'], string>;

export function routeOf(target: DeliveryTarget): string {
  return (target.token === null ? DELIVERY_ROUTES : SIGNED_DELIVERY_ROUTES)[target.kind];
}

/**
 * The target of a raw (not percent-decoded) path without its query, or null when the path is not a valid
 * playback path. Percent-encoded characters never match: no part of a valid path needs them.
 */
export function parseDeliveryPath(path: string): DeliveryTarget | null {
  if (!path.startsWith(PREFIX)) return null;
  const parts = path.slice(PREFIX.length).split('/');
  let token: string | null = null;
  if (parts[0] === 't') {
    token = parts[1] ?? '';
    if (!TOKEN_SHAPE.test(token)) return null;
    parts.splice(0, 2);
  }
  const [assetId = '', second = '', third, fourth, extra] = parts;
  if (extra !== undefined || !isAssetId(assetId)) return null;
  if (third === undefined) {
    if (second === 'master.m3u8') return { kind: 'master', assetId, token };
    if (second === 'manifest.mpd') return { kind: 'mpd', assetId, token };
    return null;
  }
  if (fourth === undefined) {
    const revision = REVISION_PART.exec(second)?.[1];
    if (revision === undefined || !third.endsWith(PLAYLIST_SUFFIX)) return null;
    const renditionId = third.slice(0, -PLAYLIST_SUFFIX.length);
    if (!isRenditionId(renditionId)) return null;
    return { kind: 'media-playlist', assetId, token, revision: Number(revision), renditionId };
  }
  const ref = parseMediaObjectRef(assetId, second, third, fourth);
  return ref ? { kind: 'object', assetId, token, ref } : null;
}
