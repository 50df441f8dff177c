import { Hono } from 'hono';
import { isAssetId } from '../../packager/domain/asset.js';
import type { Catalog } from '../../packager/ports.js';
import type { AppEnv } from '../http/app-env.js';
import { cacheControlFor } from '../http/cache-control.js';
import { createPlayerAssetRoutes, type PlayerAssets } from './player-assets.js';
import { missingAssetPage, playerPage } from './player-page.js';

export interface PlayerDeps {
  readonly catalog: Catalog;
  readonly assets: PlayerAssets;
}

/**
 * Scripts come only from this origin; media and the hls.js worker may use blob: URLs (MSE); the page may be
 * embedded anywhere (it is a player).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'unsafe-inline'",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "worker-src 'self' blob:",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function createPlayerRoutes(deps: PlayerDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.route('/', createPlayerAssetRoutes(deps.assets));

  routes.get('/play/:assetId/player', async (c) => {
    const assetId = c.req.param('assetId');
    const asset = isAssetId(assetId) ? await deps.catalog.getAsset(assetId) : null;
    c.header('Cache-Control', cacheControlFor('player-page', { manifestMaxAgeSeconds: 0 }));
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    return asset ? c.html(playerPage(asset, deps.assets)) : c.html(missingAssetPage(), 404);
  });

  return routes;
}
