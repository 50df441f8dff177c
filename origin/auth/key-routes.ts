/**
 * API key administration (scope keys:admin). A key is shown once, in the answer that creates it; listings
 * show its id, name, scopes and use. A key can only grant scopes it holds itself, so keys:admin alone does
 * not escalate to webhooks:admin.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { API_KEY_ID_PATTERN, API_SCOPES } from '../../packager/domain/api-keys.js';
import { AppError } from '../../packager/domain/errors.js';
import type { ApiKeyRecord, ApiKeyStore } from '../../packager/ports.js';
import { cacheControlFor } from '../http/cache-control.js';
import { errorResponses, idParam, security, validationHook } from '../publish/openapi-common.js';
import { jsonBodyLimit } from '../publish/json-body-limit.js';
import { requireScope } from './api-auth.js';
import type { ApiEnv } from './api-env.js';
import { generateApiKey } from './api-key-secrets.js';

const NO_STORE = cacheControlFor('api', { manifestMaxAgeSeconds: 0 });

const ApiKeySchema = z
  .object({
    id: z.string().openapi({ example: 'k3J9aQ0pLm2X' }),
    name: z.string(),
    scopes: z.array(z.enum(API_SCOPES)),
    createdAt: z.string().openapi({ format: 'date-time' }),
    lastUsedAt: z.string().nullable().openapi({ format: 'date-time' }),
    revokedAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('ApiKey');

const CreatedApiKeySchema = ApiKeySchema.extend({
  key: z.string().openapi({ description: 'The key itself. Shown this once: store it now.' }),
}).openapi('CreatedApiKey');

const NewApiKeyBody = z
  .object({
    name: z.string().trim().min(1).max(100).openapi({ example: 'CI uploader' }),
    scopes: z
      .array(z.enum(API_SCOPES))
      .min(1)
      .openapi({ example: ['assets:read', 'assets:write'] }),
  })
  .openapi('NewApiKey');

const KeyId = idParam('API key id', 'k3J9aQ0pLm2X');

const createKey = createRoute({
  method: 'post',
  path: '/v1/keys',
  tags: ['API keys'],
  summary: 'Create an API key',
  security: security('keys:admin'),
  middleware: [requireScope('keys:admin'), jsonBodyLimit()] as const,
  request: { body: { required: true, content: { 'application/json': { schema: NewApiKeyBody } } } },
  responses: {
    201: { description: 'The new key', content: { 'application/json': { schema: CreatedApiKeySchema } } },
    ...errorResponses(413, 415),
  },
});

const listKeys = createRoute({
  method: 'get',
  path: '/v1/keys',
  tags: ['API keys'],
  summary: 'List API keys (newest first, revoked ones included)',
  security: security('keys:admin'),
  middleware: [requireScope('keys:admin')] as const,
  responses: {
    200: {
      description: 'Every key',
      content: { 'application/json': { schema: z.object({ data: z.array(ApiKeySchema) }) } },
    },
    ...errorResponses(),
  },
});

const revokeKey = createRoute({
  method: 'delete',
  path: '/v1/keys/{id}',
  tags: ['API keys'],
  summary: 'Revoke an API key',
  description:
    'Takes effect at once on every origin. The bootstrap key is configuration and cannot be revoked here.',
  security: security('keys:admin'),
  middleware: [requireScope('keys:admin')] as const,
  request: { params: KeyId },
  responses: { 204: { description: 'Revoked' }, ...errorResponses(404) },
});

export function createKeyRoutes(deps: { readonly apiKeys: ApiKeyStore }): OpenAPIHono<ApiEnv> {
  const routes = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });

  routes.openapi(createKey, async (c) => {
    const { name, scopes } = c.req.valid('json');
    const held = c.get('principal').scopes;
    const missing = scopes.filter((scope) => !held.has(scope));
    if (missing.length > 0) {
      throw new AppError('forbidden', `A key cannot grant scopes it does not hold: ${missing.join(', ')}.`, {
        details: { scopes: missing },
      });
    }
    const generated = generateApiKey();
    const record = await deps.apiKeys.createApiKey({
      id: generated.id,
      name,
      scopes: [...new Set(scopes)],
      hashHex: generated.hashHex,
    });
    c.get('logger').info(
      { keyId: record.id, scopes: record.scopes, by: c.get('principal').keyId },
      'API key created',
    );
    c.header('Cache-Control', NO_STORE);
    return c.json({ ...keyView(record), key: generated.text }, 201);
  });

  routes.openapi(listKeys, async (c) => {
    const keys = await deps.apiKeys.listApiKeys();
    c.header('Cache-Control', NO_STORE);
    return c.json({ data: keys.map(keyView) }, 200);
  });

  routes.openapi(revokeKey, async (c) => {
    const { id } = c.req.valid('param');
    if (!API_KEY_ID_PATTERN.test(id) || !(await deps.apiKeys.revokeApiKey(id))) {
      throw new AppError('key_not_found', 'No active API key has this id.');
    }
    c.get('logger').info({ keyId: id, by: c.get('principal').keyId }, 'API key revoked');
    return c.body(null, 204, { 'Cache-Control': NO_STORE });
  });

  return routes;
}

function keyView(key: ApiKeyRecord) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: key.id,
    name: key.name,
    scopes: [...key.scopes],
    createdAt: new Date(key.createdAtMs).toISOString(),
    lastUsedAt: iso(key.lastUsedAtMs),
    revokedAt: iso(key.revokedAtMs),
  };
}
