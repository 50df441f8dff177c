/**
 * Webhook endpoints (scope webhooks:admin): register a URL for some or all asset events, list and remove
 * endpoints, and read each endpoint's delivery log. The signing secret is shown once, at creation.
 * Deliveries are made by workers (packager/webhooks/deliver-webhook.ts) through the outbound guard.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import net from 'node:net';
import { ASSET_EVENT_TYPES } from '../../packager/domain/asset-events.js';
import { AppError } from '../../packager/domain/errors.js';
import type { AddressPolicy } from '../../packager/net/address-policy.js';
import { parseHttpUrl } from '../../packager/net/guarded-request.js';
import { newPrefixedId } from '../../packager/platform/random-ids.js';
import type { WebhookDeliveryRecord, WebhookEndpointRecord, WebhookStore } from '../../packager/ports.js';
import { requireScope } from '../auth/api-auth.js';
import type { ApiEnv } from '../auth/api-env.js';
import { generateWebhookSecret } from '../auth/api-key-secrets.js';
import { cacheControlFor } from '../http/cache-control.js';
import { jsonBodyLimit } from '../publish/json-body-limit.js';
import { errorResponses, idParam, security, validationHook } from '../publish/openapi-common.js';

const NO_STORE = cacheControlFor('api', { manifestMaxAgeSeconds: 0 });
const WEBHOOK_ID = /^wh_[A-Za-z0-9]{20}$/;
const MAX_ENDPOINTS = 50;

const WebhookSchema = z
  .object({
    id: z.string().openapi({ example: 'wh_4fTq0ZbN8xYk2LmP9sRa' }),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.enum(ASSET_EVENT_TYPES)),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Webhook');

const CreatedWebhookSchema = WebhookSchema.extend({
  secret: z.string().openapi({
    description: 'Signs every delivery (ScalaCast-Signature, HMAC-SHA256). Shown this once: store it now.',
  }),
}).openapi('CreatedWebhook');

const NewWebhookBody = z
  .object({
    url: z.string().max(2048).openapi({ example: 'https://example.com/hooks/scalacast' }),
    events: z
      .array(z.enum(ASSET_EVENT_TYPES))
      .min(1)
      .optional()
      .openapi({ description: 'Event types to deliver; all of them when absent.' }),
    description: z.string().trim().max(200).optional(),
  })
  .openapi('NewWebhook');

const DeliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    eventType: z.enum(ASSET_EVENT_TYPES),
    attempt: z.number().int(),
    statusCode: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "The receiver's HTTP status; null if none." }),
    ok: z.boolean(),
    error: z.string().nullable(),
    durationMs: z.number().int(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('WebhookDelivery');

const DeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});

const WebhookId = idParam('Webhook endpoint id', 'wh_4fTq0ZbN8xYk2LmP9sRa');
const common = { tags: ['Webhooks'], security: security('webhooks:admin') };
const admin = requireScope('webhooks:admin');
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

const createWebhook = createRoute({
  ...common,
  method: 'post',
  path: '/v1/webhooks',
  summary: 'Register a webhook endpoint',
  middleware: [admin, jsonBodyLimit()] as const,
  request: { body: { required: true, content: json(NewWebhookBody) } },
  responses: {
    201: { description: 'The endpoint, with its secret', content: json(CreatedWebhookSchema) },
    ...errorResponses(413, 415, 422),
  },
});
const listWebhooks = createRoute({
  ...common,
  method: 'get',
  path: '/v1/webhooks',
  summary: 'List webhook endpoints',
  middleware: [admin] as const,
  responses: {
    200: { description: 'Every endpoint', content: json(z.object({ data: z.array(WebhookSchema) })) },
    ...errorResponses(),
  },
});
const getWebhook = createRoute({
  ...common,
  method: 'get',
  path: '/v1/webhooks/{id}',
  summary: 'Get a webhook endpoint',
  middleware: [admin] as const,
  request: { params: WebhookId },
  responses: { 200: { description: 'The endpoint', content: json(WebhookSchema) }, ...errorResponses(404) },
});
const deleteWebhook = createRoute({
  ...common,
  method: 'delete',
  path: '/v1/webhooks/{id}',
  summary: 'Remove a webhook endpoint and its delivery log',
  middleware: [admin] as const,
  request: { params: WebhookId },
  responses: { 204: { description: 'Removed' }, ...errorResponses(404) },
});
const listDeliveries = createRoute({
  ...common,
  method: 'get',
  path: '/v1/webhooks/{id}/deliveries',
  summary: "An endpoint's delivery log, newest first",
  description: 'One entry per attempt: a failed delivery is retried with exponential backoff, same event id.',
  middleware: [admin] as const,
  request: { params: WebhookId, query: DeliveriesQuery },
  responses: {
    200: {
      description: 'A page of attempts',
      content: json(
        z
          .object({ data: z.array(DeliverySchema), nextCursor: z.string().nullable() })
          .openapi('DeliveryPage'),
      ),
    },
    ...errorResponses(404),
  },
});

export interface WebhookRoutesDeps {
  readonly webhooks: WebhookStore;
  /** Endpoints at literal addresses the outbound policy refuses are refused at registration already. */
  readonly outboundPolicy: AddressPolicy;
}

export function createWebhookRoutes(deps: WebhookRoutesDeps): OpenAPIHono<ApiEnv> {
  const routes = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  const load = async (id: string) => {
    const endpoint = WEBHOOK_ID.test(id) ? await deps.webhooks.getEndpoint(id) : null;
    if (!endpoint) throw new AppError('webhook_not_found', 'No webhook endpoint has this id.');
    return endpoint;
  };

  routes.openapi(createWebhook, async (c) => {
    const body = c.req.valid('json');
    const url = checkedUrl(body.url, deps.outboundPolicy);
    if ((await deps.webhooks.listEndpoints()).length >= MAX_ENDPOINTS) {
      throw new AppError('invalid_request', `At most ${MAX_ENDPOINTS} webhook endpoints can be registered.`);
    }
    const endpoint = await deps.webhooks.createEndpoint({
      id: newPrefixedId('wh'),
      url,
      description: body.description || null,
      events: [...new Set(body.events ?? ASSET_EVENT_TYPES)],
      secret: generateWebhookSecret(),
    });
    c.get('logger').info({ webhookId: endpoint.id, events: endpoint.events }, 'webhook endpoint registered');
    c.header('Cache-Control', NO_STORE);
    return c.json({ ...webhookView(endpoint), secret: endpoint.secret }, 201);
  });

  routes.openapi(listWebhooks, async (c) => {
    c.header('Cache-Control', NO_STORE);
    return c.json({ data: (await deps.webhooks.listEndpoints()).map(webhookView) }, 200);
  });

  routes.openapi(getWebhook, async (c) => {
    c.header('Cache-Control', NO_STORE);
    return c.json(webhookView(await load(c.req.valid('param').id)), 200);
  });

  routes.openapi(deleteWebhook, async (c) => {
    const { id } = c.req.valid('param');
    if (!WEBHOOK_ID.test(id) || !(await deps.webhooks.deleteEndpoint(id))) {
      throw new AppError('webhook_not_found', 'No webhook endpoint has this id.');
    }
    return c.body(null, 204, { 'Cache-Control': NO_STORE });
  });

  routes.openapi(listDeliveries, async (c) => {
    const endpoint = await load(c.req.valid('param').id);
    const page = await deps.webhooks.listDeliveries(endpoint.id, c.req.valid('query'));
    c.header('Cache-Control', NO_STORE);
    return c.json({ data: page.deliveries.map(deliveryView), nextCursor: page.nextCursor }, 200);
  });

  return routes;
}

/** An absolute http(s) URL without credentials; a literal address must pass the outbound policy. */
function checkedUrl(text: string, policy: AddressPolicy): string {
  const url = parseHttpUrl(text);
  if (url.username || url.password) {
    throw new AppError(
      'invalid_request',
      'A webhook URL cannot carry credentials; verify the signature instead.',
      {
        details: { errors: [{ field: 'url', message: 'no user:password@ part' }] },
      },
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const verdict = net.isIP(host) === 0 ? null : policy.check(host);
  if (verdict && !verdict.allowed) {
    throw new AppError(
      'url_not_allowed',
      `${host} is a ${verdict.reason} address; ScalaCast does not connect there.`,
      {
        details: { host, reason: verdict.reason },
      },
    );
  }
  return url.toString();
}

function webhookView(endpoint: WebhookEndpointRecord) {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    events: [...endpoint.events],
    createdAt: new Date(endpoint.createdAtMs).toISOString(),
  };
}

function deliveryView(delivery: WebhookDeliveryRecord) {
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    attempt: delivery.attempt,
    statusCode: delivery.statusCode,
    ok: delivery.ok,
    error: delivery.error,
    durationMs: delivery.durationMs,
    createdAt: new Date(delivery.createdAtMs).toISOString(),
  };
}
