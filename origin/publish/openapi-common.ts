/** Pieces every publisher-API route definition shares: the problem schema, error responses, the auth scheme. */
import { z } from '@hono/zod-openapi';
import { AppError } from '../../packager/domain/errors.js';

export const FieldErrorSchema = z
  .object({ field: z.string(), message: z.string() })
  .openapi('FieldError', { description: 'One invalid field of the request (query, path, header or body).' });

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:scalacast:problem:invalid_request' }),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ description: 'snake_case error code', example: 'invalid_request' }),
    detail: z.string(),
    requestId: z.string(),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details' });

const ERROR_DESCRIPTIONS = {
  400: 'Invalid request: `errors` names each invalid field',
  401: 'Missing, unknown or revoked API key',
  403: 'The API key lacks the scope this operation needs',
  404: 'No such resource',
  409: 'Conflict with the resource state',
  410: 'Gone',
  412: 'Precondition failed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'The request is well-formed but cannot be processed',
  429: 'Rate limit exceeded: retry after `Retry-After` seconds',
  503: 'A dependency is unavailable: retry after `Retry-After` seconds',
} as const;

export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };

/** Error responses of a route: 401, 403 and 429 always (every route needs a key), plus `statuses`. */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  const all = [...new Set<ErrorStatus>([400, 401, 403, 429, ...statuses])].sort((a, b) => a - b);
  return Object.fromEntries(
    all.map((status) => [status, { description: ERROR_DESCRIPTIONS[status], content: problemContent }]),
  ) as Record<S | 400 | 401 | 403 | 429, { description: string; content: typeof problemContent }>;
}

/** The `security` of a route needing `scope` (documented as an OAuth-style scope on the bearer scheme). */
export function security(scope: string) {
  return [{ apiKey: [scope] }];
}

export const SECURITY_SCHEME_NAME = 'apiKey';

/**
 * Turns a failed zod validation (query, path, headers, JSON body) into a 400 `invalid_request` naming each
 * invalid field, the same answer whatever part of the request was wrong.
 */
export function validationHook(
  result: { readonly target: string } & (
    { readonly success: true } | { readonly success: false; readonly error: z.ZodError }
  ),
): undefined {
  if (result.success) return undefined;
  const byField = new Map<string, string>();
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.') || (result.target === 'json' ? '(body)' : '(root)');
    // One entry per field: its first problem is the one to fix first.
    if (!byField.has(field)) byField.set(field, issue.message);
  }
  const errors = [...byField].map(([field, message]) => ({ field, message }));
  throw new AppError('invalid_request', `Invalid ${errors.map((e) => e.field).join(', ')}.`, {
    details: { errors, location: result.target },
  });
}

/**
 * The validated JSON body of a route whose body may also be something else (its type is then not inferred):
 * only call it when the request is JSON, after the route's validator ran.
 */
export function validatedJson<T>(c: { req: { valid: (target: never) => unknown } }): T {
  return c.req.valid('json' as never) as T;
}

/** Path parameter `id` of a resource, described for the document. Malformed ids answer 404, not 400. */
export function idParam(description: string, example: string) {
  return z.object({
    id: z.string().openapi({ param: { name: 'id', in: 'path' }, description, example }),
  });
}
