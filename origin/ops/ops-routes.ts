/** Liveness, readiness and Prometheus metrics for orchestrators and scrapers. Never cached. */
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.js';
import type { OriginMetrics } from '../http/metrics.js';

export interface OpsDeps {
  readonly metrics: OriginMetrics;
  /** Each dependency's state: `ok`, or why it is not. */
  readonly readiness: () => Promise<Readonly<Record<string, string>>>;
  /** Replaces the registry's own text (a node:cluster worker answers with every worker's metrics). */
  readonly metricsText?: () => Promise<string>;
}

const NO_STORE = { 'Cache-Control': 'no-store' };

export function createOpsRoutes(deps: OpsDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  // Alive as long as the process answers: a dead dependency must not get the process restarted.
  routes.get('/healthz', (c) => c.json({ status: 'ok' }, 200, NO_STORE));

  routes.get('/readyz', async (c) => {
    let checks: Readonly<Record<string, string>>;
    try {
      checks = await deps.readiness();
    } catch (error) {
      c.get('logger').error({ err: error }, 'readiness check failed');
      checks = { readiness: 'the readiness check itself failed' };
    }
    const failing = Object.keys(checks).filter((name) => checks[name] !== 'ok');
    const body = { status: failing.length === 0 ? 'ok' : 'unavailable', failing, checks: redactAll(checks) };
    if (failing.length > 0) c.get('logger').warn({ failing, checks }, 'not ready');
    return c.json(body, failing.length === 0 ? 200 : 503, NO_STORE);
  });

  routes.get('/metrics', async (c) => {
    const text = await (deps.metricsText ?? (() => deps.metrics.registry.metrics()))();
    return c.body(text, 200, { ...NO_STORE, 'Content-Type': deps.metrics.registry.contentType });
  });

  return routes;
}

/** Driver messages may carry a connection URL: keep the host, never the credentials. */
function redactAll(checks: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(checks).map(([name, state]) => [
      name,
      state.replace(/\/\/[^/@\s]*@/g, '//***@').slice(0, 300),
    ]),
  );
}
