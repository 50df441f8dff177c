/** @jsxImportSource hono/jsx */
/**
 * Actions on assets and the dashboard's upload, all behind the session gate and its CSRF check. An action
 * posted without `confirmed=1` (a browser without the script, hence without the dialog) gets the
 * confirmation page instead of running. After an action the browser is redirected (post/redirect/get) to a
 * page that shows the result.
 */
import { Hono } from 'hono';
import { isAssetId } from '../../packager/domain/asset.js';
import { AppError } from '../../packager/domain/errors.js';
import type { AssetEvents } from '../../packager/ports.js';
import { requestBodyChunks } from '../http/request-body.js';
import { createAssetFromUpload } from '../publish/create-asset.js';
import { openUploadBody } from '../publish/upload-body.js';
import type { AdminDeps } from './admin-deps.js';
import type { AdminEnv } from './admin-env.js';
import { isAssetAction, runAssetAction } from './asset-actions.js';
import { ADMIN_BASE_PATH } from './session-cookie.js';
import { ConfirmPage } from './views/simple-pages.js';

const MAX_TITLE_LENGTH = 200;

/** Until the composition root hands the dashboard the webhook publisher, uploads here report no event. */
const NO_EVENTS: AssetEvents = { publish: async () => undefined };

export function createActionRoutes(deps: AdminDeps): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();
  const assets = `${ADMIN_BASE_PATH}/assets`;

  routes.post(`${assets}/upload`, async (c) => {
    const title = (c.req.query('title') ?? '').trim().slice(0, MAX_TITLE_LENGTH) || null;
    const body = requestBodyChunks(c.req.raw, c.env);
    const upload = await openUploadBody(c.req.raw, body, deps.settings.maxUploadBytes);
    const asset = await createAssetFromUpload(
      {
        catalog: deps.catalog,
        store: deps.store,
        queue: deps.queue,
        newAssetId: deps.newAssetId,
        maxUploadBytes: deps.settings.maxUploadBytes,
        events: deps.events ?? NO_EVENTS,
      },
      upload,
      { title },
      c.get('logger'),
    );
    c.get('logger').info(
      { assetId: asset.id, user: c.get('adminSession').user },
      'asset uploaded from the dashboard',
    );
    return c.json({ id: asset.id, status: asset.status }, 201);
  });

  routes.post(`${assets}/:id/:action`, async (c) => {
    const id = c.req.param('id');
    const action = c.req.param('action');
    if (!isAssetId(id) || !isAssetAction(action)) {
      throw new AppError('object_not_found', 'There is no such action.');
    }
    const form = await c.req.parseBody();
    if (form['confirmed'] !== '1') {
      const asset = await deps.catalog.getAsset(id);
      if (!asset) return c.redirect(`${assets}?notice=gone`, 303);
      return c.html(<ConfirmPage asset={asset} action={action} session={c.get('adminSession')} />);
    }
    const logger = c.get('logger').child({ assetId: id, action, user: c.get('adminSession').user });
    const outcome = await runAssetAction(deps, action, id, logger);
    logger.info({ notice: outcome.notice, revision: outcome.revision }, 'admin action');
    if (outcome.notice === 'deleted' || outcome.notice === 'gone') {
      return c.redirect(`${assets}?notice=${outcome.notice}`, 303);
    }
    return c.redirect(`${assets}/${id}?notice=${outcome.notice}`, 303);
  });

  return routes;
}
