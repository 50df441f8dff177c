/**
 * Playback URLs (the API's `playback` links point here):
 *
 *   /play/{assetId}/master.m3u8                      HLS multivariant playlist of the current revision
 *   /play/{assetId}/manifest.mpd                     DASH MPD of the current revision
 *   /play/{assetId}/r{rev}/{renditionId}.m3u8        HLS media playlist (revision root)
 *   /play/{assetId}/r{rev}/{renditionId}/{file}      init.mp4 or N.m4s
 *
 * Master and MPD point into `r{rev}/`, so everything below them sits at a revisioned URL whose bytes never
 * change. Every path part is checked against a closed pattern before the catalog or the store is asked.
 */
import { Hono } from 'hono';
import { renderMpd } from '../../manifests/dash/mpd.js';
import { renderMasterPlaylist } from '../../manifests/hls/master.js';
import { renderMediaPlaylist } from '../../manifests/hls/media.js';
import type { UriResolver } from '../../manifests/uri.js';
import { isAssetId } from '../../packager/domain/asset.js';
import { AppError } from '../../packager/domain/errors.js';
import { isRenditionId, mediaObjectKey, parseMediaObjectRef } from '../../packager/domain/object-keys.js';
import type { Catalog, ObjectStore } from '../../packager/ports.js';
import type { AppEnv } from '../http/app-env.js';
import { CONTENT_TYPES, contentTypeForFile, type CacheControlOptions } from '../http/cache-control.js';
import { manifestResponse } from './manifest-response.js';
import { objectResponse } from './object-response.js';
import { loadPlayableAsset } from './playable-asset.js';

export interface DeliveryDeps {
  readonly catalog: Catalog;
  readonly store: ObjectStore;
  readonly cache: CacheControlOptions;
}

const REVISION_PART = /^r([1-9][0-9]{0,5})$/;
const MEDIA_PLAYLIST_FILE = /^(.+)\.m3u8$/;

const intoRevision =
  (revision: number): UriResolver =>
  (path) =>
    `r${revision}/${path}`;
const asIs: UriResolver = (path) => path;

export function createDeliveryRoutes(deps: DeliveryDeps): Hono<AppEnv> {
  const { catalog, store } = deps;
  const routes = new Hono<AppEnv>();

  routes.get('/play/:assetId/master.m3u8', async (c) => {
    const { revision, presentation } = await loadPlayableAsset(catalog, c.req.param('assetId'));
    const text = renderMasterPlaylist(presentation, intoRevision(revision));
    return manifestResponse(c, text, CONTENT_TYPES.hlsPlaylist, deps.cache);
  });

  routes.get('/play/:assetId/manifest.mpd', async (c) => {
    const { revision, presentation } = await loadPlayableAsset(catalog, c.req.param('assetId'));
    const text = renderMpd(presentation, intoRevision(revision));
    return manifestResponse(c, text, CONTENT_TYPES.dashMpd, deps.cache);
  });

  routes.get('/play/:assetId/:revisionPart/:playlist', async (c) => {
    const { assetId, revisionPart, playlist } = c.req.param();
    const requestedRevision = Number(REVISION_PART.exec(revisionPart)?.[1] ?? Number.NaN);
    const renditionId = MEDIA_PLAYLIST_FILE.exec(playlist)?.[1] ?? '';
    if (!isAssetId(assetId) || !Number.isInteger(requestedRevision) || !isRenditionId(renditionId)) {
      throw new AppError('invalid_path', 'This is not a media playlist path.');
    }
    const { revision, presentation } = await loadPlayableAsset(catalog, assetId);
    // Only the current revision is guaranteed to still have its objects: older ones may be gone.
    const text = revision === requestedRevision ? renderMediaPlaylist(presentation, renditionId, asIs) : null;
    if (text === null) throw new AppError('object_not_found', 'This revision has no such rendition.');
    return manifestResponse(c, text, CONTENT_TYPES.hlsPlaylist, deps.cache);
  });

  routes.get('/play/:assetId/:revisionPart/:renditionId/:fileName', async (c) => {
    const { assetId, revisionPart, renditionId, fileName } = c.req.param();
    const ref = parseMediaObjectRef(assetId, revisionPart, renditionId, fileName);
    if (!ref) throw new AppError('invalid_path', 'This is not a segment path.');
    return objectResponse(c, store, mediaObjectKey(ref), contentTypeForFile(ref.fileName, ref.renditionId));
  });

  return routes;
}
