/**
 * The OpenAPI description of the tus routes (tus-routes.ts): request headers, the Upload object and the
 * answers, which @hono/zod-openapi both validates requests against and publishes in /v1/openapi.json.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { requireScope } from '../auth/api-auth.js';
import { errorResponses, idParam, security } from '../publish/openapi-common.js';
import { TUS_CONTENT_TYPE, TUS_VERSION } from './tus-protocol.js';

const UploadSchema = z
  .object({
    id: z.string().openapi({ example: 'up_8sKq2LmZp0xYt7Rb2CdQ' }),
    offset: z.number().int().openapi({ description: 'Bytes received and acknowledged so far.' }),
    length: z.number().int(),
    assetId: z.string().nullable().openapi({ description: 'Set once the upload is complete.' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    expiresAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Upload');

const tusRequestHeaders = z.object({
  'tus-resumable': z.string().optional().openapi({ example: TUS_VERSION }),
});
const UploadId = idParam('Upload id', 'up_8sKq2LmZp0xYt7Rb2CdQ');
const common = { tags: ['Resumable uploads (tus)'] };
const writer = requireScope('assets:write');
const json = { 'application/json': { schema: UploadSchema } };

const discover = createRoute({
  ...common,
  method: 'options',
  path: '/v1/uploads',
  summary: 'tus discovery: version, extensions, size limit, chunk size',
  security: [],
  responses: { 204: { description: 'Tus-Version, Tus-Extension, Tus-Max-Size, ScalaCast-Chunk-Size' } },
});
const create = createRoute({
  ...common,
  method: 'post',
  path: '/v1/uploads',
  summary: 'Start a resumable upload',
  description:
    'Headers: `Tus-Resumable: 1.0.0`, `Upload-Length` (bytes), optional `Upload-Metadata` with `filename`, ' +
    '`filetype`, `title`, `externalId`, `passthrough` (JSON text). Then PATCH chunks of at most ' +
    '`ScalaCast-Chunk-Size` bytes.',
  security: security('assets:write'),
  middleware: [writer] as const,
  request: {
    headers: tusRequestHeaders.extend({
      'upload-length': z.string().openapi({ example: '104857600' }),
      'upload-metadata': z.string().optional().openapi({ example: 'filename Y2xpcC5tcDQ=' }),
    }),
  },
  responses: {
    201: { description: 'Created; `Location` is the upload URL', content: json },
    ...errorResponses(412, 413),
  },
});
const status = createRoute({
  ...common,
  method: 'get',
  path: '/v1/uploads/{id}',
  summary: 'Where an upload stands (HEAD: the same headers, Upload-Offset to resume from)',
  security: security('assets:write'),
  middleware: [writer] as const,
  request: { params: UploadId },
  responses: { 200: { description: 'The upload', content: json }, ...errorResponses(404, 410) },
});
const append = createRoute({
  ...common,
  method: 'patch',
  path: '/v1/uploads/{id}',
  summary: 'Send the bytes at Upload-Offset',
  description:
    'Body `application/offset+octet-stream`, at most `ScalaCast-Chunk-Size` bytes. Answers 204 with the new ' +
    '`Upload-Offset`; the PATCH that completes the upload answers `ScalaCast-Asset-Id`. A PATCH whose ' +
    'Upload-Offset is not the current offset answers 409: HEAD, then resume from its Upload-Offset.',
  security: security('assets:write'),
  middleware: [writer] as const,
  request: {
    params: UploadId,
    headers: tusRequestHeaders.extend({ 'upload-offset': z.string().openapi({ example: '0' }) }),
    body: { content: { [TUS_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } } },
  },
  responses: { 204: { description: 'Acknowledged' }, ...errorResponses(404, 409, 410, 412, 413, 415, 503) },
});
const terminate = createRoute({
  ...common,
  method: 'delete',
  path: '/v1/uploads/{id}',
  summary: 'Abandon an upload and remove its bytes',
  security: security('assets:write'),
  middleware: [writer] as const,
  request: { params: UploadId, headers: tusRequestHeaders },
  responses: { 204: { description: 'Removed' }, ...errorResponses(404, 412) },
});

export const tusRouteSpecs = { discover, create, status, append, terminate };
