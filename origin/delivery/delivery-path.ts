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
 *   /play/{assetId}/r{rev}/captions/{lang}/{v}.m3u8  HLS subtitle playlist of one caption version
 *   /play/{assetId}/r{rev}/captions/{lang}/{v}.vtt   its WebVTT file, as the manifests reference it
 *   /play/{assetId}/captions/{lang}/{v}.vtt          the same file, for <track> elements (the API's URL)
 *   /play/t/{token}/{assetId}/...                    the same, with a playback token
 */
import { isAssetId } from '../../packager/domain/asset.js';
import {
  isRenditionId,
  parseMediaObjectRef,
  type MediaObjectRef,
} from '../../packager/domain/object-keys.js';
import { TOKEN_SHAPE } from '../signing/playback-token.js';

/** One uploaded version of an asset's captions in one language (a CaptionRecord's key and version). */
export interface CaptionFileRef {
  /** BCP-47, as stored (`pt-BR`). */
  readonly language: string;
  readonly version: string;
}

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
      readonly kind: 'subtitle-playlist';
      readonly assetId: string;
      readonly token: string | null;
      readonly revision: number;
      readonly caption: CaptionFileRef;
    }
  | {
      readonly kind: 'subtitle-file';
      readonly assetId: string;
      readonly token: string | null;
      readonly revision: number;
      readonly caption: CaptionFileRef;
    }
  | {
      readonly kind: 'caption-file';
      readonly assetId: string;
      readonly token: string | null;
      readonly caption: CaptionFileRef;
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
const CAPTIONS_PART = 'captions';
/** A BCP-47 tag as the caption API stores it (normalised there; compared exactly at lookup). */
const CAPTION_LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;
/** `{version}.vtt` or `{version}.m3u8`; versions are base62. */
const CAPTION_FILE = /^([A-Za-z0-9]{1,40})\.(vtt|m3u8)$/;

/**
 * Route patterns (metric labels), the same in both lanes. `caption-file` comes before `object`, whose
 * pattern also matches its paths, so Hono labels them as captions.
 */
export const DELIVERY_ROUTES = {
  master: '/play/:assetId/master.m3u8',
  mpd: '/play/:assetId/manifest.mpd',
  'media-playlist': '/play/:assetId/:revisionPart/:playlist',
  'subtitle-playlist': '/play/:assetId/:revisionPart/captions/:language/:file',
  'subtitle-file': '/play/:assetId/:revisionPart/captions/:language/:file',
  'caption-file': '/play/:assetId/captions/:language/:file',
  object: '/play/:assetId/:revisionPart/:renditionId/:fileName',
} as const satisfies Record<DeliveryTarget['kind'], string>;

/** The same routes behind a token prefix. */
export const SIGNED_DELIVERY_ROUTES = {
  master: '/play/t/:token/:assetId/master.m3u8',
  mpd: '/play/t/:token/:assetId/manifest.mpd',
  'media-playlist': '/play/t/:token/:assetId/:revisionPart/:playlist',
  'subtitle-playlist': '/play/t/:token/:assetId/:revisionPart/captions/:language/:file',
  'subtitle-file': '/play/t/:token/:assetId/:revisionPart/captions/:language/:file',
  'caption-file': '/play/t/:token/:assetId/captions/:language/:file',
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
  const [assetId = '', second = '', third, fourth, fifth, extra] = parts;
  if (extra !== undefined || !isAssetId(assetId)) return null;
  if (second === CAPTIONS_PART) {
    const caption = fifth === undefined ? captionFile(third, fourth) : null;
    return caption?.extension === 'vtt'
      ? { kind: 'caption-file', assetId, token, caption: caption.ref }
      : null;
  }
  if (third === CAPTIONS_PART && fifth !== undefined) {
    const revision = REVISION_PART.exec(second)?.[1];
    const caption = captionFile(fourth, fifth);
    if (revision === undefined || caption === null) return null;
    const found = { assetId, token, revision: Number(revision), caption: caption.ref };
    return caption.extension === 'm3u8'
      ? { kind: 'subtitle-playlist', ...found }
      : { kind: 'subtitle-file', ...found };
  }
  if (fifth !== undefined) return null;
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

function captionFile(
  language: string | undefined,
  fileName: string | undefined,
): { ref: CaptionFileRef; extension: 'vtt' | 'm3u8' } | null {
  if (language === undefined || !CAPTION_LANGUAGE.test(language)) return null;
  const file = CAPTION_FILE.exec(fileName ?? '');
  if (!file?.[1]) return null;
  return { ref: { language, version: file[1] }, extension: file[2] === 'm3u8' ? 'm3u8' : 'vtt' };
}
