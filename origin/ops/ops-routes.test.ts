import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../test/fakes/memory-catalog.js';
import { createMemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import { createTestApp } from '../testing/app-harness.js';
import { authHeaders } from '../testing/publisher-harness.js';

function harness(readiness?: () => Promise<Record<string, string>>) {
  return createTestApp({
    catalog: createMemoryCatalog(),
    store: createMemoryObjectStore(),
    ...(readiness ? { readiness } : {}),
  });
}

describe('ops routes', () => {
  it('answers /healthz 200, uncached', async () => {
    const response = await harness().app.request('/healthz');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('answers /readyz 200 when every dependency is ok', async () => {
    const response = await harness(() => Promise.resolve({ catalog: 'ok', queue: 'ok' })).app.request(
      '/readyz',
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      failing: [],
      checks: { catalog: 'ok', queue: 'ok' },
    });
  });

  it('answers /readyz 503 naming the failing dependencies, without credentials', async () => {
    const readiness = () =>
      Promise.resolve({ catalog: 'ok', queue: 'connect ECONNREFUSED redis://user:s3cret@127.0.0.1:6379' });
    const response = await harness(readiness).app.request('/readyz');
    expect(response.status).toBe(503);
    const body = (await response.json()) as { failing: string[]; checks: Record<string, string> };
    expect(body.failing).toEqual(['queue']);
    expect(JSON.stringify(body)).not.toContain('s3cret');
    expect(body.checks['queue']).toContain('127.0.0.1:6379');
  });

  it('answers /readyz 503 when the readiness check itself throws', async () => {
    const response = await harness(() => Promise.reject(new Error('boom'))).app.request('/readyz');
    expect(response.status).toBe(503);
  });

  it('exposes request metrics labelled by route pattern, never the raw path', async () => {
    const { app } = harness();
    await app.request('/play/asset000000000000001/master.m3u8');
    await app.request('/play/asset000000000000002/master.m3u8');
    await app.request('/v1/assets/asset000000000000003', { headers: authHeaders() });
    const response = await app.request('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(
      /scalacast_origin_request_duration_seconds_count\{route="\/play\/:assetId\/master\.m3u8",method="GET",status="404"\} 2/,
    );
    expect(text).toContain('route="/v1/assets/:id"');
    expect(text).toContain('scalacast_origin_requests_in_flight');
    expect(text).toContain('scalacast_origin_response_bytes_total');
    expect(text).not.toContain('asset000000000000001');
  });
});

describe('request context', () => {
  it('echoes a sane incoming X-Request-Id and uses it in errors and logs', async () => {
    const { app, logger } = harness();
    const response = await app.request('/v1/assets/nope', {
      headers: { 'x-request-id': 'edge-abc-12345678', ...authHeaders() },
    });
    expect(response.headers.get('x-request-id')).toBe('edge-abc-12345678');
    expect(await response.json()).toMatchObject({ requestId: 'edge-abc-12345678' });
    const access = logger.lines.find((line) => line.msg === 'request');
    expect(access?.fields).toMatchObject({
      requestId: 'edge-abc-12345678',
      method: 'GET',
      route: '/v1/assets/:id',
      status: 404,
      durationMs: expect.any(Number) as unknown,
      bytes: expect.any(Number) as unknown,
    });
  });

  it('replaces an unusable X-Request-Id with a generated one', async () => {
    const { app } = harness();
    for (const incoming of ['bad id with spaces', 'x'.repeat(300), 'a"b<script>']) {
      const response = await app.request('/healthz', { headers: { 'x-request-id': incoming } });
      const echoed = response.headers.get('x-request-id') ?? '';
      expect(echoed).not.toBe(incoming);
      expect(echoed).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('answers problem+json 404 for an unknown route', async () => {
    const response = await harness().app.request('/nothing/here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 404, code: 'object_not_found' });
  });

  it('answers a generic 500 when a dependency throws something unexpected, logging the cause', async () => {
    const catalog = createMemoryCatalog();
    catalog.getAsset = () => Promise.reject(new Error('socket hang up at db-7.internal'));
    const { app, logger } = createTestApp({ catalog, store: createMemoryObjectStore() });
    const response = await app.request('/v1/assets/asset000000000000001', { headers: authHeaders() });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('db-7.internal');
    expect(logger.lines.some((line) => line.level === 'error' && line.msg === 'request failed')).toBe(true);
  });
});
