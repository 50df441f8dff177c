/**
 * Resumable uploads, tus 1.0 (core + creation, expiration, termination) at /v1/uploads:
 *   OPTIONS /v1/uploads            discovery (public)
 *   POST    /v1/uploads            create: Upload-Length, Upload-Metadata -> 201 Location /v1/uploads/{id}
 *   HEAD    /v1/uploads/{id}       Upload-Offset to resume from (GET answers the same headers plus JSON)
 *   PATCH   /v1/uploads/{id}       bytes at Upload-Offset (application/offset+octet-stream), one chunk each
 *   DELETE  /v1/uploads/{id}       abandon
 * Each acknowledged PATCH is one object in the store and one row in the catalog, so any origin instance
 * continues an upload another began. The PATCH that completes the upload turns it into an asset (its id in
 * `ScalaCast-Asset-Id`, and in GET's `assetId`). Only the key that created an upload may continue it.
 *
 * Why not @tus/server: it answers on Node's req/res rather than Hono's fetch Request, and keeps each upload's
 * state in its own datastore (an .info object or file beside the parts). Here the state is a catalog row, so
 * every origin sees the same offset, the API key owns the upload, the sweeper finds abandoned ones by age with
 * one query, and parts go through the same ObjectStore port (filesystem or S3) as every other object.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../../packager/domain/errors.js';
import { newPrefixedId } from '../../packager/platform/random-ids.js';
import type { Clock, UploadRecord, UploadStore } from '../../packager/ports.js';
import type { ApiEnv } from '../auth/api-env.js';
import { BOOTSTRAP_KEY_ID } from '../auth/authenticate.js';
import { requestBodyChunks } from '../http/request-body.js';
import type { CreateAssetDeps } from '../publish/create-asset.js';
import { validationHook } from '../publish/openapi-common.js';
import { publicBase } from '../publish/asset-view.js';
import { finalizeUpload } from './finalize-upload.js';
import { openPatchBody } from './patch-body.js';
import {
  assertTusResumable,
  formatUploadMetadata,
  httpDate,
  integerHeader,
  TUS_CONTENT_TYPE,
  TUS_EXTENSIONS,
  TUS_VERSION,
  tusHeaders,
} from './tus-protocol.js';
import { UPLOAD_ID_PATTERN, uploadPartKey, uploadPrefix } from './upload-keys.js';
import { readUploadMetadata } from './upload-metadata.js';
import { tusRouteSpecs } from './tus-route-specs.js';

export interface TusRoutesDeps extends CreateAssetDeps {
  readonly uploads: UploadStore;
  readonly clock: Clock;
  /** Largest PATCH body. */
  readonly chunkBytes: number;
  /** An upload untouched this long expires. */
  readonly expiryMs: number;
  readonly publicBaseUrl?: string | undefined;
}

export const CHUNK_SIZE_HEADER = 'ScalaCast-Chunk-Size';
export const ASSET_ID_HEADER = 'ScalaCast-Asset-Id';

const { discover, create, status, append, terminate } = tusRouteSpecs;

export function createTusRoutes(deps: TusRoutesDeps): OpenAPIHono<ApiEnv> {
  const routes = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  const { uploads, store, clock } = deps;
  const view = (upload: UploadRecord) => ({
    id: upload.id,
    offset: upload.offsetBytes,
    length: upload.lengthBytes,
    assetId: upload.assetId,
    createdAt: new Date(upload.createdAtMs).toISOString(),
    expiresAt: new Date(upload.expiresAtMs).toISOString(),
  });

  /** The caller's live upload; others' uploads do not exist for it. */
  const load = async (c: Context<ApiEnv>, id: string): Promise<UploadRecord> => {
    const upload = UPLOAD_ID_PATTERN.test(id) ? await uploads.getUpload(id) : null;
    const keyId = c.get('principal').keyId;
    if (!upload || (upload.keyId !== keyId && keyId !== BOOTSTRAP_KEY_ID)) {
      throw new AppError('upload_not_found', 'No upload has this id.');
    }
    if (upload.expiresAtMs <= clock.nowMs() && upload.assetId === null) {
      throw new AppError('upload_expired', 'This upload was abandoned and has expired; start a new one.');
    }
    return upload;
  };

  routes.openapi(discover, (c) =>
    c.body(null, 204, {
      ...tusHeaders(),
      'Tus-Version': TUS_VERSION,
      'Tus-Extension': TUS_EXTENSIONS,
      'Tus-Max-Size': String(deps.maxUploadBytes),
      [CHUNK_SIZE_HEADER]: String(deps.chunkBytes),
    }),
  );

  routes.openapi(create, async (c) => {
    const headers = c.req.valid('header');
    assertTusResumable(headers['tus-resumable']);
    if (c.req.header('upload-defer-length') !== undefined) {
      throw new AppError('invalid_request', 'Upload-Defer-Length is not supported: send Upload-Length.');
    }
    const lengthBytes = integerHeader('Upload-Length', headers['upload-length']);
    if (lengthBytes === 0) throw new AppError('empty_body', 'An upload needs at least one byte.');
    if (lengthBytes > deps.maxUploadBytes) {
      throw new AppError(
        'payload_too_large',
        `The upload is larger than the limit of ${deps.maxUploadBytes} bytes.`,
        {
          details: { maxBytes: deps.maxUploadBytes },
        },
      );
    }
    const nowMs = clock.nowMs();
    const upload = await uploads.createUpload({
      id: newPrefixedId('up'),
      keyId: c.get('principal').keyId,
      lengthBytes,
      metadata: readUploadMetadata(headers['upload-metadata']),
      createdAtMs: nowMs,
      expiresAtMs: nowMs + deps.expiryMs,
    });
    c.get('logger').info({ uploadId: upload.id, lengthBytes }, 'resumable upload created');
    const location = `${publicBase(deps.publicBaseUrl, c.req.url)}/v1/uploads/${upload.id}`;
    for (const [name, value] of Object.entries({
      ...tusHeaders(),
      Location: location,
      'Upload-Expires': httpDate(upload.expiresAtMs),
      [CHUNK_SIZE_HEADER]: String(deps.chunkBytes),
    })) {
      c.header(name, value);
    }
    return c.json(view(upload), 201);
  });

  routes.openapi(status, async (c) => {
    const upload = await load(c, c.req.valid('param').id);
    const { metadata } = upload;
    for (const [name, value] of Object.entries({
      ...tusHeaders(),
      'Upload-Offset': String(upload.offsetBytes),
      'Upload-Length': String(upload.lengthBytes),
      'Upload-Expires': httpDate(upload.expiresAtMs),
      'Upload-Metadata': formatUploadMetadata({ filename: metadata.filename, title: metadata.title }),
      [CHUNK_SIZE_HEADER]: String(deps.chunkBytes),
      ...(upload.assetId ? { [ASSET_ID_HEADER]: upload.assetId } : {}),
    })) {
      c.header(name, value);
    }
    return c.json(view(upload), 200);
  });

  routes.openapi(append, async (c) => {
    assertTusResumable(c.req.valid('header')['tus-resumable']);
    const offset = integerHeader('Upload-Offset', c.req.valid('header')['upload-offset']);
    if ((c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() !== TUS_CONTENT_TYPE) {
      throw new AppError('unsupported_media', `A PATCH body must be Content-Type: ${TUS_CONTENT_TYPE}.`);
    }
    let upload = await load(c, c.req.valid('param').id);
    if (offset !== upload.offsetBytes) {
      throw new AppError(
        'upload_offset_mismatch',
        `The upload is at offset ${upload.offsetBytes}, not ${offset}.`,
        {
          details: { offset: upload.offsetBytes },
        },
      );
    }
    const logger = c.get('logger').child({ uploadId: upload.id });
    const patch = openPatchBody(
      c.req.raw,
      requestBodyChunks(c.req.raw, c.env),
      deps.chunkBytes,
      upload.lengthBytes - upload.offsetBytes,
    );
    if (patch.body !== null && upload.assetId === null) {
      const key = uploadPartKey(upload.id, offset);
      const stored = await store
        .put(key, patch.body, {
          contentType: TUS_CONTENT_TYPE,
          ...(patch.sizeBytes === undefined ? {} : { sizeBytes: patch.sizeBytes }),
        })
        .catch((error: unknown) => {
          // Nothing of a failed PATCH is kept (store writes are atomic): the client resumes from the offset.
          throw patch.exceeded() ?? error;
        });
      const appended =
        stored.sizeBytes === 0
          ? upload
          : await uploads.appendPart(
              upload.id,
              { offsetBytes: offset, sizeBytes: stored.sizeBytes, objectKey: key },
              clock.nowMs() + deps.expiryMs,
            );
      if (appended === null || stored.sizeBytes === 0) {
        await store.deletePrefix(key).catch(() => 0);
      }
      if (appended === null) {
        const current = await load(c, upload.id);
        throw new AppError(
          'upload_offset_mismatch',
          `The upload is at offset ${current.offsetBytes}, not ${offset}.`,
          {
            details: { offset: current.offsetBytes },
          },
        );
      }
      upload = appended;
    }
    const headers: Record<string, string> = {
      ...tusHeaders(),
      'Upload-Offset': String(upload.offsetBytes),
      'Upload-Expires': httpDate(upload.expiresAtMs),
    };
    if (upload.offsetBytes === upload.lengthBytes) {
      headers[ASSET_ID_HEADER] = await finalizeUpload(deps, upload, logger);
    }
    return c.body(null, 204, headers);
  });

  routes.openapi(terminate, async (c) => {
    assertTusResumable(c.req.valid('header')['tus-resumable']);
    const upload = await load(c, c.req.valid('param').id);
    await store.deletePrefix(uploadPrefix(upload.id));
    await uploads.deleteUpload(upload.id);
    return c.body(null, 204, tusHeaders());
  });

  return routes;
}
