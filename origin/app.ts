/**
 * The origin's HTTP app, with every collaborator injected: `createApp(deps).fetch` is what
 * @hono/node-server serves, and what tests call through `app.request()`.
 */
import { Hono } from 'hono';
import type { AppDeps } from './app-deps.js';
import { createDeliveryRoutes } from './delivery/delivery-routes.js';
import type { AppEnv } from './http/app-env.js';
import { playbackCors } from './http/cors.js';
import { handleError, handleNotFound } from './http/errors.js';
import { requestContext } from './http/request-context.js';
import { createOpsRoutes } from './ops/ops-routes.js';
import { loadPlayerAssets } from './player/player-assets.js';
import { createPlayerRoutes } from './player/player-routes.js';
import { createAssetRoutes } from './publish/asset-routes.js';

export type { AppConfig, AppDeps } from './app-deps.js';

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const { catalog, store, queue, config } = deps;
  const app = new Hono<AppEnv>();

  app.use('*', requestContext({ logger: deps.logger, metrics: deps.metrics }));
  app.use('/play/*', playbackCors());
  app.use('/player-assets/*', playbackCors());

  app.route('/', createOpsRoutes({ metrics: deps.metrics, readiness: deps.readiness }));
  app.route(
    '/',
    createAssetRoutes({
      catalog,
      store,
      queue,
      newAssetId: deps.newAssetId,
      maxUploadBytes: config.maxUploadBytes,
      publicBaseUrl: config.publicBaseUrl,
    }),
  );
  app.route('/', createPlayerRoutes({ catalog, assets: loadPlayerAssets() }));
  app.route(
    '/',
    createDeliveryRoutes({ catalog, store, cache: { manifestMaxAgeSeconds: config.manifestMaxAgeSeconds } }),
  );

  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}
