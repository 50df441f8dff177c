/**
 * Caption files and subtitle playlists for players (public, like every /play URL; CORS comes from the
 * app's /play middleware):
 *   /play/{id}/r{rev}/captions/{language}/{version}.m3u8   HLS subtitle media playlist (one segment)
 *   /play/{id}/r{rev}/captions/{language}/{version}.vtt    the WebVTT file, as manifests reference it
 *   /play/{id}/captions/{language}/{version}.vtt           the same file, for <track> elements
 * A version names one upload of a track, so files are cacheable forever. Signed assets' captions are served
 * only through signed playback (not here).
 */
import { Hono } from 'hono';
import { renderSubtitlePlaylist, subtitleTrackAt } from '../../manifests/hls/subtitles.js';
import { isAssetId, type AssetRecord } from '../../packager/domain/asset.js';
import { AppError } from '../../packager/domain/errors.js';
import type { CaptionStore, Catalog, ObjectStore } from '../../packager/ports.js';
import type { AppEnv } from '../http/app-env.js';
import { cacheControlFor, CONTENT_TYPES, IMMUTABLE_CACHE_CONTROL } from '../http/cache-control.js';
import { toWebStream } from '../http/web-stream.js';
import { normalizeLanguage } from './caption-language.js';
import { captionObjectKey, captionPath, withSubtitles } from './caption-tracks.js';

export interface CaptionPlaybackDeps {
  readonly catalog: Catalog;
  readonly captions: CaptionStore;
  readonly store: ObjectStore;
  readonly manifestMaxAgeSeconds: number;
}

const FILE = /^([A-Za-z0-9]{1,40})\.(vtt|m3u8)$/;
const REVISION = /^r([1-9][0-9]{0,5})$/;

export function createCaptionPlaybackRoutes(deps: CaptionPlaybackDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const notFound = () => new AppError('object_not_found', 'No caption file is served at this path.');

  async function lookup(assetId: string, languageText: string, fileName: string) {
    const language = normalizeLanguage(languageText);
    const file = FILE.exec(fileName);
    if (!isAssetId(assetId) || language !== languageText || !file?.[1]) throw notFound();
    const asset = await deps.catalog.getAsset(assetId);
    if (!asset || isSigned(asset)) throw notFound();
    const caption = (await deps.captions.listCaptions(assetId)).find(
      (candidate) => candidate.language === language && candidate.version === file[1],
    );
    if (!caption) throw notFound();
    return { asset, caption, extension: file[2] as 'vtt' | 'm3u8' };
  }

  async function vtt(assetId: string, language: string, version: string) {
    const object = await deps.store.get(captionObjectKey(assetId, language, version));
    return new Response(toWebStream(object.body), {
      status: 200,
      headers: {
        'Content-Type': CONTENT_TYPES.webVtt,
        'Content-Length': String(object.info.sizeBytes),
        'Cache-Control': IMMUTABLE_CACHE_CONTROL,
        ETag: object.info.etag.startsWith('"') ? object.info.etag : `"${object.info.etag}"`,
      },
    });
  }

  routes.get('/play/:assetId/:revisionPart/captions/:language/:file', async (c) => {
    const { assetId, revisionPart, language, file } = c.req.param();
    const revision = Number(REVISION.exec(revisionPart)?.[1] ?? Number.NaN);
    if (!Number.isInteger(revision)) throw notFound();
    const found = await lookup(assetId, language, file);
    if (found.extension === 'vtt') return vtt(assetId, found.caption.language, found.caption.version);
    const { asset, caption } = found;
    // A playlist describes one revision's duration: only the current one is rendered.
    if (asset.currentRevision !== revision || !asset.presentation) throw notFound();
    const presentation = withSubtitles(asset.presentation, await deps.captions.listCaptions(assetId));
    const track = subtitleTrackAt(presentation, captionPath(caption, 'm3u8'));
    const text = track
      ? renderSubtitlePlaylist(presentation, track.id, (uri) => uri.slice(uri.lastIndexOf('/') + 1))
      : null;
    if (text === null) throw notFound();
    return c.body(text, 200, {
      'Content-Type': CONTENT_TYPES.hlsPlaylist,
      'Cache-Control': cacheControlFor('manifest', { manifestMaxAgeSeconds: deps.manifestMaxAgeSeconds }),
    });
  });

  routes.get('/play/:assetId/captions/:language/:file', async (c) => {
    const { assetId, language, file } = c.req.param();
    const found = await lookup(assetId, language, file);
    if (found.extension !== 'vtt') throw notFound();
    return vtt(assetId, found.caption.language, found.caption.version);
  });

  return routes;
}

function isSigned(asset: AssetRecord): boolean {
  const policy = (asset as { playbackPolicy?: { signed?: boolean } }).playbackPolicy;
  return policy?.signed === true;
}
