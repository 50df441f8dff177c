/**
 * The gate of every /v1 route: authenticate the API key (401, with WWW-Authenticate), then count the request
 * against the key's rate limit (429 with Retry-After). Scopes are checked per route (requireScope, 403).
 * The OpenAPI document and the docs page describe the API and hold no data: they stay public.
 */
import type { MiddlewareHandler } from 'hono';
import { AppError, isAppError } from '../../packager/domain/errors.js';
import type { RateLimiter } from '../../packager/ports.js';
import { problemResponse } from '../http/errors.js';
import type { ApiEnv } from './api-env.js';
import type { Authenticate } from './authenticate.js';
import type { ApiScope } from '../../packager/domain/api-keys.js';

export const PUBLIC_API_PATHS: ReadonlySet<string> = new Set(['/v1/openapi.json', '/v1/docs']);

export interface ApiAuthDeps {
  readonly authenticate: Authenticate;
  readonly rateLimiter: RateLimiter;
}

export function apiAuth(deps: ApiAuthDeps): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    // CORS preflights and tus discovery (OPTIONS) carry no credentials by design.
    if (PUBLIC_API_PATHS.has(c.req.path) || c.req.method === 'OPTIONS') return next();
    try {
      c.set('principal', await deps.authenticate(c.req.header('authorization')));
    } catch (error) {
      if (!isAppError(error) || error.code !== 'unauthorized') throw error;
      const response = problemResponse(error, c.get('requestId'));
      response.headers.set('WWW-Authenticate', 'Bearer realm="scalacast"');
      return response;
    }
    const decision = await deps.rateLimiter.consume(c.get('principal').keyId);
    c.header('RateLimit-Limit', String(decision.limit));
    c.header('RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed) {
      const retryAfterSeconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      throw new AppError(
        'rate_limited',
        `Too many requests for this API key; retry in ${retryAfterSeconds} s.`,
        {
          details: { retryAfterSeconds },
        },
      );
    }
    return next();
  };
}

/** Refuses (403) a principal without `scope`. Runs after apiAuth, before request validation. */
export function requireScope(scope: ApiScope): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (!c.get('principal').scopes.has(scope)) {
      throw new AppError('forbidden', `This API key lacks the ${scope} scope.`, { details: { scope } });
    }
    return next();
  };
}
