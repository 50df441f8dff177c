/**
 * First middleware of the app: request id, per-request child logger, metrics, and one access log line per
 * request. Duration and bytes are taken when the response headers are ready: for a streamed segment that is
 * time to first byte, and bytes is the declared Content-Length (null when the body has none).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from '../../packager/ports.js';
import type { AppEnv } from './app-env.js';
import type { OriginMetrics } from './metrics.js';

/** What we accept from a client or a proxy as a request id: short, printable, no separators that break logs. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export interface RequestContextDeps {
  readonly logger: Logger;
  readonly metrics: OriginMetrics;
}

export function acceptRequestId(incoming: string | undefined): string {
  return incoming !== undefined && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** Ops endpoints are polled every few seconds: their access lines go to debug. */
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

export function requestContext(deps: RequestContextDeps): MiddlewareHandler<AppEnv> {
  const { metrics } = deps;
  return async (c, next) => {
    const startedMs = performance.now(); // monotonic: durations must not jump with the wall clock
    const requestId = acceptRequestId(c.req.header('x-request-id'));
    const logger = deps.logger.child({ requestId });
    c.set('requestId', requestId);
    c.set('logger', logger);
    metrics.requestsInFlight.inc();
    try {
      await next();
    } finally {
      metrics.requestsInFlight.dec();
    }
    c.res.headers.set('X-Request-Id', requestId);

    const durationMs = Math.round((performance.now() - startedMs) * 1000) / 1000;
    const route = routePath(c) || 'unmatched';
    const status = c.res.status;
    // Declared Content-Length: set on segments, manifests and scripts; small API bodies leave it to the server.
    const lengthHeader = c.res.headers.get('content-length');
    const bytes = lengthHeader === null ? null : Number(lengthHeader);
    const method = c.req.method;
    metrics.requestDuration.observe({ route, method, status: String(status) }, durationMs / 1000);
    if (bytes !== null && method !== 'HEAD' && status !== 304) metrics.responseBytes.inc({ route }, bytes);
    const line = { method, route, status, durationMs, bytes };
    if (QUIET_ROUTES.has(route)) logger.debug(line, 'request');
    else logger.info(line, 'request');
  };
}
