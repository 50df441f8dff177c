/**
 * The origin's HTTP app, with every collaborator injected: `createApp(deps).fetch` is what
 * @hono/node-server serves, and what tests call through `app.request()`.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { createAdminRoutes } from './admin/admin-routes.js';
import type { AppDeps } from './app-deps.js';
import { createDeliveryRoutes } from './delivery/delivery-routes.js';
import { createImageRoutes } from './images/image-routes.js';
import type { AppEnv } from './http/app-env.js';
import { playbackCors } from './http/cors.js';
import { handleError, handleNotFound } from './http/errors.js';
import { requestContext } from './http/request-context.js';
import { createOpsRoutes } from './ops/ops-routes.js';
import { loadPlayerAssets } from './player/player-assets.js';
import { createPlayerRoutes } from './player/player-routes.js';
import { mountPublisherApi } from './publish/publisher-api.js';
import { createRepackageRoutes } from './publish/repackage-route.js';
import { createPlaybackLinks } from './signing/playback-links.js';
import { createPlaybackPolicyRoutes } from './signing/playback-policy-routes.js';

export type { AppConfig, AppDeps } from './app-deps.js';

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const { catalog, store, queue, config } = deps;
  const app = new Hono<AppEnv>();
  const playbackLinks = createPlaybackLinks(deps.playbackTokens);

  app.use('*', requestContext({ logger: deps.logger, metrics: deps.metrics }));
  app.use('/play/*', playbackCors());
  app.use('/player-assets/*', playbackCors());

  app.route(
    '/',
    createOpsRoutes({ metrics: deps.metrics, readiness: deps.readiness, metricsText: deps.metricsText }),
  );
  // A change to an asset through this process (delete, policy, repackage...) reaches its playback here at
  // once; other instances see it within ASSET_CACHE_TTL_MS.
  const forgetOnChange: MiddlewareHandler<AppEnv> = async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.res.status < 400) {
      deps.delivery.forget(c.req.param('id') ?? '');
    }
  };
  app.use('/v1/assets/:id', forgetOnChange);
  app.use('/v1/assets/:id/*', forgetOnChange);
  // Publisher API (issue 6): API keys and rate limits for all of /v1 (mounted before any other /v1 route),
  // OpenAPI routes and docs, tus uploads, captions, webhooks. Caption files and subtitle playlists are
  // playback paths: delivery serves them.
  mountPublisherApi(app, {
    catalog,
    store,
    queue,
    logger: deps.logger,
    clock: deps.clock,
    newAssetId: deps.newAssetId,
    maxUploadBytes: config.maxUploadBytes,
    publicBaseUrl: config.publicBaseUrl,
    playbackLinks,
    onCaptionsChanged: (assetId) => deps.delivery.forget(assetId),
    publisher: deps.publisher,
  });
  app.route(
    '/',
    createPlaybackPolicyRoutes({
      catalog,
      tokens: deps.playbackTokens,
      links: playbackLinks,
      publicBaseUrl: config.publicBaseUrl,
      onPolicyChanged: (assetId) => deps.delivery.forget(assetId),
    }),
  );
  app.route(
    '/',
    createRepackageRoutes({ catalog, queue, publicBaseUrl: config.publicBaseUrl, playbackLinks }) as never,
  );
  app.route('/', createPlayerRoutes({ catalog, assets: loadPlayerAssets(), tokens: deps.playbackTokens }));
  // Images before delivery: `/play/t/{token}/{id}/poster.jpg` would otherwise match a segment pattern.
  app.route('/', createImageRoutes({ catalog, store, tokens: deps.playbackTokens, cache: config }));
  app.route('/', createDeliveryRoutes({ delivery: deps.delivery }));
  // Admin dashboard (issue 7): everything under /admin, behind its own session.
  const admin = deps.admin
    ? {
        ...deps.admin,
        events: deps.admin.events ?? deps.publisher.events,
        extensions: { playbackPrefix: playbackLinks, ...deps.admin.extensions },
      }
    : null;
  app.route('/', createAdminRoutes(admin));

  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}
