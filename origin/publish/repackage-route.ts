/**
 * POST /v1/assets/{id}/repackage: packages the asset again from its stored source into a new revision
 * (new settings, a new ladder). Answers 202 with the asset object; the revision players see keeps playing
 * until the new one is committed. Needs the `assets:write` scope (the /v1 key gate runs first).
 */
import { Hono } from 'hono';
import { isAssetId } from '../../packager/domain/asset.js';
import { AppError } from '../../packager/domain/errors.js';
import { repackageAsset } from '../../packager/pipeline/repackage-asset.js';
import type { Catalog, JobQueue } from '../../packager/ports.js';
import { requireScope } from '../auth/api-auth.js';
import type { ApiEnv } from '../auth/api-env.js';
import { cacheControlFor } from '../http/cache-control.js';
import type { PlaybackLinks } from '../signing/playback-links.js';
import { publicBase, toAssetView } from './asset-view.js';

export interface RepackageRouteDeps {
  readonly catalog: Catalog;
  readonly queue: JobQueue;
  readonly publicBaseUrl?: string | undefined;
  readonly playbackLinks?: PlaybackLinks;
}

export function createRepackageRoutes(deps: RepackageRouteDeps): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();
  routes.post('/v1/assets/:id/repackage', requireScope('assets:write'), async (c) => {
    const id = c.req.param('id');
    const started = isAssetId(id) ? await repackageAsset(id, deps) : null;
    const asset = started ? await deps.catalog.getAsset(id) : null;
    if (!started || !asset) throw new AppError('asset_not_found', 'No asset has this id.');
    c.get('logger').info({ assetId: id, revision: started.revision }, 'asset re-packaging queued');
    c.header('Cache-Control', cacheControlFor('api', { manifestMaxAgeSeconds: 0 }));
    return c.json(
      {
        ...toAssetView(asset, publicBase(deps.publicBaseUrl, c.req.url), deps.playbackLinks),
        revision: started.revision,
      },
      202,
    );
  });
  return routes;
}
