/**
 * The asset routes of the publisher API (API.md): create from an upload or a URL, read, list (by status or
 * external id), edit metadata, delete. Every route is described by its zod schemas, which validate requests
 * and generate the OpenAPI document. Answers are never cached.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { isAssetId } from '../../packager/domain/asset.js';
import { AppError } from '../../packager/domain/errors.js';
import { assetPrefix } from '../../packager/domain/object-keys.js';
import type { AssetMetadataStore, Catalog } from '../../packager/ports.js';
import { requireScope } from '../auth/api-auth.js';
import type { ApiEnv } from '../auth/api-env.js';
import { cacheControlFor } from '../http/cache-control.js';
import { requestBodyChunks } from '../http/request-body.js';
import type { PlaybackLinks } from '../signing/playback-links.js';
import {
  AssetPageSchema,
  AssetPatchBody,
  AssetSchema,
  CreateAssetQuery,
  ListAssetsQuery,
  UrlIngestBody,
} from './asset-schemas.js';
import { publicBase, toAssetView } from './asset-view.js';
import { createAssetFromUpload, type CreateAssetDeps } from './create-asset.js';
import { isJsonRequest, jsonBodyLimit } from './json-body-limit.js';
import { errorResponses, idParam, security, validatedJson, validationHook } from './openapi-common.js';
import { openUploadBody } from './upload-body.js';
import { openUrlUpload, type UrlIngestOptions } from './url-ingest.js';

export interface AssetRoutesDeps extends CreateAssetDeps {
  readonly catalog: Catalog;
  readonly metadata: AssetMetadataStore;
  readonly publicBaseUrl?: string | undefined;
  /** Playback URL prefixes (tokens for signed assets); plain `/play/{id}` when absent. */
  readonly playbackLinks?: PlaybackLinks;
  readonly urlIngest: Omit<UrlIngestOptions, 'maxBytes'>;
}

const NO_STORE = cacheControlFor('api', { manifestMaxAgeSeconds: 0 });
const AssetId = idParam('Asset id', 'Zp3kq81LmA0xYt7Rb2Cd');
const binary = { schema: { type: 'string' as const, format: 'binary' } };

const createAsset = createRoute({
  method: 'post',
  path: '/v1/assets',
  tags: ['Assets'],
  summary: 'Create an asset from an upload or a URL',
  description:
    'The body is the video itself (any Content-Type, streamed to storage up to UPLOAD_MAX_BYTES), or ' +
    'multipart/form-data with a `file` field; metadata then comes from the query. With ' +
    '`Content-Type: application/json` the body is `{ "url": … }` instead: ScalaCast fetches the video from ' +
    'that http(s) URL (loopback, private, link-local and metadata addresses are refused, on every redirect ' +
    'too). For large files on unreliable networks use a resumable upload (/v1/uploads, tus 1.0).',
  security: security('assets:write'),
  middleware: [requireScope('assets:write'), jsonBodyLimit()] as const,
  request: {
    query: CreateAssetQuery,
    body: {
      content: {
        'application/json': { schema: UrlIngestBody },
        'application/octet-stream': binary,
        'video/*': binary,
        'multipart/form-data': {
          schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
        },
        '*/*': binary,
      },
    },
  },
  responses: {
    201: {
      description: 'Created; packaging is queued',
      content: { 'application/json': { schema: AssetSchema } },
    },
    ...errorResponses(413, 422, 503),
  },
});

const listAssets = createRoute({
  method: 'get',
  path: '/v1/assets',
  tags: ['Assets'],
  summary: 'List assets, newest first',
  security: security('assets:read'),
  middleware: [requireScope('assets:read')] as const,
  request: { query: ListAssetsQuery },
  responses: {
    200: { description: 'A page of assets', content: { 'application/json': { schema: AssetPageSchema } } },
    ...errorResponses(),
  },
});

const getAsset = createRoute({
  method: 'get',
  path: '/v1/assets/{id}',
  tags: ['Assets'],
  summary: 'Get an asset',
  security: security('assets:read'),
  middleware: [requireScope('assets:read')] as const,
  request: { params: AssetId },
  responses: {
    200: { description: 'The asset', content: { 'application/json': { schema: AssetSchema } } },
    ...errorResponses(404),
  },
});

const patchAsset = createRoute({
  method: 'patch',
  path: '/v1/assets/{id}',
  tags: ['Assets'],
  summary: "Change an asset's title, external id or passthrough",
  description: 'Absent fields are left alone; null clears a field.',
  security: security('assets:write'),
  middleware: [requireScope('assets:write'), jsonBodyLimit()] as const,
  request: {
    params: AssetId,
    body: { required: true, content: { 'application/json': { schema: AssetPatchBody } } },
  },
  responses: {
    200: { description: 'The changed asset', content: { 'application/json': { schema: AssetSchema } } },
    ...errorResponses(404, 413, 415),
  },
});

const deleteAsset = createRoute({
  method: 'delete',
  path: '/v1/assets/{id}',
  tags: ['Assets'],
  summary: 'Delete an asset and its stored objects',
  description: 'Cancels a packaging job in progress.',
  security: security('assets:write'),
  middleware: [requireScope('assets:write')] as const,
  request: { params: AssetId },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404) },
});

export function createAssetRoutes(deps: AssetRoutesDeps): OpenAPIHono<ApiEnv> {
  const { catalog, store, queue } = deps;
  const routes = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  const baseOf = (c: Context) => publicBase(deps.publicBaseUrl, c.req.url);
  const view = (c: Context, asset: Parameters<typeof toAssetView>[0]) =>
    toAssetView(asset, baseOf(c), deps.playbackLinks);

  routes.openapi(createAsset, async (c) => {
    const logger = c.get('logger');
    let asset;
    if (isJsonRequest(c.req.header('content-type'))) {
      const { url, ...metadata } = validatedJson<z.output<typeof UrlIngestBody>>(c);
      const upload = await openUrlUpload(url, { ...deps.urlIngest, maxBytes: deps.maxUploadBytes });
      asset = await createAssetFromUpload(
        deps,
        upload,
        { ...metadata, title: metadata.title || null },
        logger,
      );
      logger.info({ assetId: asset.id, host: new URL(url).host }, 'asset ingested from a URL');
    } else {
      const query = c.req.valid('query');
      const body = requestBodyChunks(c.req.raw, c.env);
      const upload = await openUploadBody(c.req.raw, body, deps.maxUploadBytes);
      asset = await createAssetFromUpload(deps, upload, { ...query, title: query.title || null }, logger);
    }
    c.header('Cache-Control', NO_STORE);
    c.header('Location', `${baseOf(c)}/v1/assets/${asset.id}`);
    return c.json(view(c, asset), 201);
  });

  routes.openapi(listAssets, async (c) => {
    const page = await catalog.listAssets(c.req.valid('query'));
    c.header('Cache-Control', NO_STORE);
    return c.json({ data: page.assets.map((asset) => view(c, asset)), nextCursor: page.nextCursor }, 200);
  });

  routes.openapi(getAsset, async (c) => {
    const { id } = c.req.valid('param');
    const asset = isAssetId(id) ? await catalog.getAsset(id) : null;
    if (!asset) throw assetNotFound();
    c.header('Cache-Control', NO_STORE);
    return c.json(view(c, asset), 200);
  });

  routes.openapi(patchAsset, async (c) => {
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    const asset = isAssetId(id) ? await deps.metadata.updateAssetMetadata(id, patch) : null;
    if (!asset) throw assetNotFound();
    c.header('Cache-Control', NO_STORE);
    return c.json(view(c, asset), 200);
  });

  routes.openapi(deleteAsset, async (c) => {
    const { id } = c.req.valid('param');
    const logger = c.get('logger');
    const asset = isAssetId(id) ? await catalog.getAsset(id) : null;
    if (!asset) throw assetNotFound();
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
    await deps.events.publish({ type: 'asset.deleted', assetId: id, asset });
    return c.body(null, 204, { 'Cache-Control': NO_STORE });
  });

  return routes;
}

function assetNotFound(): AppError {
  return new AppError('asset_not_found', 'No asset has this id.');
}
