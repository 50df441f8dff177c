import { Hono, type Context } from 'hono';
import { isAssetId } from '../../packager/domain/asset.js';
import type { Catalog } from '../../packager/ports.js';
import type { AppEnv } from '../http/app-env.js';
import { cacheControlFor } from '../http/cache-control.js';
import { checkPlaybackAccess } from '../signing/playback-access.js';
import { TOKEN_SHAPE, type PlaybackTokens } from '../signing/playback-token.js';
import { createPlayerAssetRoutes, type PlayerAssets } from './player-assets.js';
import { forbiddenPage, missingAssetPage, playerPage } from './player-page.js';

export interface PlayerDeps {
  readonly catalog: Catalog;
  readonly assets: PlayerAssets;
  /** Verifies the token of a signed asset's page (`/play/t/{token}/{assetId}/player`); null: none configured. */
  readonly tokens?: PlaybackTokens | null;
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

  const page = async (c: Context<AppEnv>, assetId: string, token: string | null) => {
    const asset = isAssetId(assetId) ? await deps.catalog.getAsset(assetId) : null;
    c.header('Cache-Control', cacheControlFor('player-page', { manifestMaxAgeSeconds: 0 }));
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    // Same-origin requests carry the page as Referer (an embed-restricted asset's check needs it); other
    // sites learn nothing.
    c.header('Referrer-Policy', 'same-origin');
    if (!asset) return c.html(missingAssetPage(), 404);
    const refused = checkPlaybackAccess(
      asset.playbackPolicy,
      {
        assetId,
        token,
        header: (name) => c.req.header(name) ?? (name === 'host' ? new URL(c.req.url).host : undefined),
      },
      deps.tokens ?? null,
    );
    if (refused) return c.html(forbiddenPage(refused.message), 403);
    return c.html(playerPage(asset, deps.assets, token === null ? 2 : 4));
  };

  routes.get('/play/:assetId/player', (c) => page(c, c.req.param('assetId'), null));
  routes.get('/play/t/:token/:assetId/player', (c) => {
    const token = c.req.param('token');
    return TOKEN_SHAPE.test(token) ? page(c, c.req.param('assetId'), token) : c.html(missingAssetPage(), 404);
  });

  return routes;
}
