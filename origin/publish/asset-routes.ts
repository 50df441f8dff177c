/** The publisher API (API.md): create from an upload, read, list, delete. Answers are never cached. */
import { Hono, type Context } from 'hono';
import { isAssetId } from '../../packager/domain/asset.js';
import { AppError } from '../../packager/domain/errors.js';
import { assetPrefix } from '../../packager/domain/object-keys.js';
import type { Catalog, JobQueue, ObjectStore } from '../../packager/ports.js';
import type { AppEnv } from '../http/app-env.js';
import { cacheControlFor } from '../http/cache-control.js';
import { publicBase, toAssetView } from './asset-view.js';
import { createAssetQuery, listAssetsQuery, parseParams } from './asset-params.js';
import { createAssetFromUpload } from './create-asset.js';
import { openUploadBody } from './upload-body.js';

export interface AssetRoutesDeps {
  readonly catalog: Catalog;
  readonly store: ObjectStore;
  readonly queue: JobQueue;
  readonly newAssetId: () => string;
  readonly maxUploadBytes: number;
  readonly publicBaseUrl?: string | undefined;
}

const NO_STORE = cacheControlFor('api', { manifestMaxAgeSeconds: 0 });

export function createAssetRoutes(deps: AssetRoutesDeps): Hono<AppEnv> {
  const { catalog, store, queue } = deps;
  const routes = new Hono<AppEnv>();
  const baseOf = (c: Context) => publicBase(deps.publicBaseUrl, c.req.url);

  routes.post('/v1/assets', async (c) => {
    const { title } = parseParams(createAssetQuery, c.req.query());
    const upload = await openUploadBody(c.req.raw, deps.maxUploadBytes);
    const asset = await createAssetFromUpload(deps, upload, title, c.get('logger'));
    const base = baseOf(c);
    c.header('Cache-Control', NO_STORE);
    c.header('Location', `${base}/v1/assets/${asset.id}`);
    return c.json(toAssetView(asset, base), 201);
  });

  routes.get('/v1/assets', async (c) => {
    const query = parseParams(listAssetsQuery, c.req.query());
    const page = await catalog.listAssets(query);
    const base = baseOf(c);
    c.header('Cache-Control', NO_STORE);
    return c.json({
      data: page.assets.map((asset) => toAssetView(asset, base)),
      nextCursor: page.nextCursor,
    });
  });

  routes.get('/v1/assets/:id', async (c) => {
    const id = c.req.param('id');
    const asset = isAssetId(id) ? await catalog.getAsset(id) : null;
    if (!asset) throw assetNotFound();
    c.header('Cache-Control', NO_STORE);
    return c.json(toAssetView(asset, baseOf(c)));
  });

  routes.delete('/v1/assets/:id', async (c) => {
    const id = c.req.param('id');
    const logger = c.get('logger');
    if (!isAssetId(id) || !(await catalog.getAsset(id))) throw assetNotFound();
    // Stop the work first, then hide the asset: a worker still finishing sees the delete at its next
    // catalog update and cleans up its own output.
    await queue.cancelAsset(id);
    if (!(await catalog.deleteAsset(id))) throw assetNotFound();
    try {
      await store.deletePrefix(assetPrefix(id));
    } catch (error) {
      // The asset is already gone for every reader; leftover objects are garbage under a known prefix.
      logger.error(
        { err: error, assetId: id, prefix: assetPrefix(id) },
        'asset deleted but its objects were not',
      );
    }
    logger.info({ assetId: id }, 'asset deleted');
    return c.body(null, 204, { 'Cache-Control': NO_STORE });
  });

  return routes;
}

function assetNotFound(): AppError {
  return new AppError('asset_not_found', 'No asset has this id.');
}
