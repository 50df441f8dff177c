/**
 * The publisher API: every /v1 route, described by zod schemas from which /v1/openapi.json (OpenAPI 3.1) is
 * generated, plus a docs page at /v1/docs. Every route needs an API key with the route's scope; the key
 * gate and the rate limit run for all of /v1 (mountPublisherApi installs them before any /v1 route).
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import type { Catalog, Clock, JobQueue, Logger, ObjectStore } from '../../packager/ports.js';
import { apiAuth, requireScope } from '../auth/api-auth.js';
import type { ApiEnv } from '../auth/api-env.js';
import { createAuthenticator } from '../auth/authenticate.js';
import { createKeyRoutes } from '../auth/key-routes.js';
import { createCaptionRoutes } from '../captions/caption-routes.js';
import type { AppEnv } from '../http/app-env.js';
import { cacheControlFor } from '../http/cache-control.js';
import type { PlaybackLinks } from '../signing/playback-links.js';
import { createTusRoutes } from '../uploads/tus-routes.js';
import { createWebhookRoutes } from '../webhooks/webhook-routes.js';
import { createAssetRoutes } from './asset-routes.js';
import { AssetSchema } from './asset-schemas.js';
import { docsPage } from './docs-page.js';
import { errorResponses, idParam, security, SECURITY_SCHEME_NAME, validationHook } from './openapi-common.js';
import type { PublisherApiDeps } from './publisher-deps.js';

export interface PublisherApiOptions {
  readonly catalog: Catalog;
  readonly store: ObjectStore;
  readonly queue: JobQueue;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly newAssetId: () => string;
  readonly maxUploadBytes: number;
  readonly publicBaseUrl?: string | undefined;
  readonly playbackLinks?: PlaybackLinks;
  /** Called when an asset's captions change (this instance drops manifests it cached without them). */
  readonly onCaptionsChanged?: (assetId: string) => void;
  readonly publisher: PublisherApiDeps;
}

export const API_VERSION = '1.0.0';

export function createPublisherApi(options: PublisherApiOptions): OpenAPIHono<ApiEnv> {
  const { publisher } = options;
  const { stores } = publisher;
  const api = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  const createDeps = {
    catalog: options.catalog,
    store: options.store,
    queue: options.queue,
    newAssetId: options.newAssetId,
    maxUploadBytes: options.maxUploadBytes,
    events: publisher.events,
  };
  api.openAPIRegistry.registerComponent('securitySchemes', SECURITY_SCHEME_NAME, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'sck_<id>_<secret>',
    description: 'An API key (`Authorization: Bearer sck_…`); each operation lists the scope it needs.',
  });

  api.route(
    '/',
    createAssetRoutes({
      ...createDeps,
      metadata: stores.assetMetadata,
      publicBaseUrl: options.publicBaseUrl,
      ...(options.playbackLinks ? { playbackLinks: options.playbackLinks } : {}),
      urlIngest: {
        policy: publisher.outboundPolicy,
        timeoutMs: publisher.urlIngestTimeoutMs,
        resolve: publisher.resolve,
      },
    }),
  );
  api.route(
    '/',
    createTusRoutes({
      ...createDeps,
      uploads: stores.uploads,
      clock: options.clock,
      chunkBytes: publisher.uploadChunkBytes,
      expiryMs: publisher.uploadExpiryMs,
      publicBaseUrl: options.publicBaseUrl,
    }),
  );
  api.route(
    '/',
    createCaptionRoutes({
      catalog: options.catalog,
      captions: stores.captions,
      store: options.store,
      clock: options.clock,
      publicBaseUrl: options.publicBaseUrl,
      ...(options.onCaptionsChanged ? { onCaptionsChanged: options.onCaptionsChanged } : {}),
    }),
  );
  api.route('/', createKeyRoutes({ apiKeys: stores.apiKeys }));
  api.route(
    '/',
    createWebhookRoutes({ webhooks: stores.webhooks, outboundPolicy: publisher.outboundPolicy }),
  );
  documentExternalRoutes(api);

  let document: unknown = null;
  api.get('/v1/openapi.json', (c) => {
    document ??= api.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'ScalaCast API',
        version: API_VERSION,
        description:
          'Publish video: upload (direct, resumable with tus 1.0, or from a URL), follow packaging, play HLS ' +
          'and DASH, add captions, receive webhooks. Errors are application/problem+json.',
      },
      ...(options.publicBaseUrl ? { servers: [{ url: options.publicBaseUrl }] } : {}),
    });
    return c.json(document, 200, {
      'Cache-Control': cacheControlFor('static-unversioned', { manifestMaxAgeSeconds: 0 }),
    });
  });
  api.get('/v1/docs', (c) => c.html(docsPage(), 200, { 'Cache-Control': 'no-cache' }));
  return api;
}

/**
 * Installs the publisher API on the app: the API-key gate and rate limit for all of /v1 (so /v1 routes
 * other modules add are gated too), the scope of those other routes and the API itself. Call before
 * mounting any other /v1 route.
 */
export function mountPublisherApi(app: Hono<AppEnv>, options: PublisherApiOptions): void {
  const { publisher } = options;
  const authenticate = createAuthenticator({
    apiKeys: publisher.stores.apiKeys,
    bootstrapKey: publisher.bootstrapKey,
    clock: options.clock,
    logger: options.logger,
  });
  // `as never`: these handlers see the ApiEnv (the app's variables plus `principal`, which apiAuth sets).
  app.use('/v1/*', apiAuth({ authenticate, rateLimiter: publisher.rateLimiter }) as never);
  // Routes of other modules (signed playback) that are not built from this module's route definitions.
  app.put('/v1/assets/:id/playback-policy', requireScope('assets:write') as never);
  app.route('/', createPublisherApi(options) as never);
}

/** OpenAPI entries for /v1 routes served by other modules, so the document covers every /v1 route. */
function documentExternalRoutes(api: OpenAPIHono<ApiEnv>): void {
  api.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/assets/{id}/repackage',
    tags: ['Assets'],
    summary: 'Package an asset again from its stored source, into a new revision',
    description: 'The revision players see keeps playing until the new one is committed.',
    security: security('assets:write'),
    request: { params: idParam('Asset id', 'Zp3kq81LmA0xYt7Rb2Cd') },
    responses: {
      202: {
        description: 'Queued; `revision` is the new revision',
        content: { 'application/json': { schema: AssetSchema.extend({ revision: z.number().int() }) } },
      },
      ...errorResponses(404),
    },
  });
  api.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/openapi.json',
    tags: ['Documentation'],
    summary: 'This document (OpenAPI 3.1); public',
    security: [],
    responses: {
      200: {
        description: 'The OpenAPI document',
        content: { 'application/json': { schema: z.object({}).passthrough() } },
      },
    },
  });
  api.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/docs',
    tags: ['Documentation'],
    summary: 'Human-readable documentation of this API; public',
    security: [],
    responses: {
      200: { description: 'An HTML page', content: { 'text/html': { schema: { type: 'string' } } } },
    },
  });
  api.openAPIRegistry.registerPath({
    method: 'put',
    path: '/v1/assets/{id}/playback-policy',
    tags: ['Assets'],
    summary: 'Who may play an asset (signed playback, allowed web origins)',
    description: 'Replaces the policy; signed assets get playback URLs carrying a token.',
    security: security('assets:write'),
    request: {
      params: idParam('Asset id', 'Zp3kq81LmA0xYt7Rb2Cd'),
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.object({
              signed: z.boolean().optional(),
              allowedOrigins: z.array(z.string()).max(50).optional(),
            }),
          },
        },
      },
    },
    responses: {
      200: { description: 'The asset', content: { 'application/json': { schema: AssetSchema } } },
      ...errorResponses(404),
    },
  });
}
