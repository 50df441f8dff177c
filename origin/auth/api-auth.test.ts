import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../test/fakes/memory-catalog.js';
import { createMemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import { createMemoryPublisherStores } from '../../test/fakes/memory-publisher-stores.js';
import { createMemoryRateLimiter } from '../../test/fakes/memory-rate-limiter.js';
import type { PublisherStores, RateLimiter } from '../../packager/ports.js';
import { createTestApp } from '../testing/app-harness.js';
import { authHeaders, TEST_BOOTSTRAP_KEY } from '../testing/publisher-harness.js';

let stores: PublisherStores;
let app: ReturnType<typeof createTestApp>['app'];

function build(rateLimiter?: RateLimiter) {
  const catalog = createMemoryCatalog();
  stores = createMemoryPublisherStores(catalog);
  app = createTestApp({
    catalog,
    store: createMemoryObjectStore(),
    publisher: { stores, ...(rateLimiter ? { rateLimiter } : {}) },
  }).app;
}

beforeEach(() => build());

async function createKey(scopes: string[], by = TEST_BOOTSTRAP_KEY): Promise<{ id: string; key: string }> {
  const response = await app.request('/v1/keys', {
    method: 'POST',
    headers: { ...authHeaders(by), 'content-type': 'application/json' },
    body: JSON.stringify({ name: `key with ${scopes.join(' ')}`, scopes }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; key: string };
}

const V1_REQUESTS: [string, string][] = [
  ['GET', '/v1/assets'],
  ['POST', '/v1/assets'],
  ['GET', '/v1/assets/AAAAAAAAAAAAAAAAAAAA'],
  ['PATCH', '/v1/assets/AAAAAAAAAAAAAAAAAAAA'],
  ['DELETE', '/v1/assets/AAAAAAAAAAAAAAAAAAAA'],
  ['PUT', '/v1/assets/AAAAAAAAAAAAAAAAAAAA/captions/en'],
  ['GET', '/v1/assets/AAAAAAAAAAAAAAAAAAAA/captions'],
  ['PUT', '/v1/assets/AAAAAAAAAAAAAAAAAAAA/playback-policy'],
  ['POST', '/v1/uploads'],
  ['PATCH', '/v1/uploads/up_AAAAAAAAAAAAAAAAAAAA'],
  ['GET', '/v1/keys'],
  ['POST', '/v1/webhooks'],
  ['GET', '/v1/webhooks/wh_AAAAAAAAAAAAAAAAAAAA/deliveries'],
  ['GET', '/v1/no-such-route'],
];

describe('API keys on /v1', () => {
  it.each(V1_REQUESTS)(
    '%s %s without a key answers 401 problem+json with WWW-Authenticate',
    async (method, path) => {
      const response = await app.request(path, { method });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="scalacast"');
      expect(await response.json()).toMatchObject({ status: 401, code: 'unauthorized' });
    },
  );

  it.each([
    ['a malformed key', 'Bearer nope'],
    ['an unknown key of the right shape', `Bearer sck_AAAAAAAAAAAA_${'x'.repeat(43)}`],
    ['another scheme', `Basic ${TEST_BOOTSTRAP_KEY}`],
    ['a bare key', TEST_BOOTSTRAP_KEY],
  ])('refuses %s with 401', async (_name, authorization) => {
    const response = await app.request('/v1/assets', { headers: { authorization } });
    expect(response.status).toBe(401);
  });

  it('accepts the bootstrap key with every scope, and keeps the document and docs public', async () => {
    expect((await app.request('/v1/assets', { headers: authHeaders() })).status).toBe(200);
    expect((await app.request('/v1/keys', { headers: authHeaders() })).status).toBe(200);
    expect((await app.request('/v1/webhooks', { headers: authHeaders() })).status).toBe(200);
    expect((await app.request('/v1/openapi.json')).status).toBe(200);
    expect((await app.request('/v1/docs')).headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('answers 403 when the key lacks the scope, naming it', async () => {
    const reader = await createKey(['assets:read']);
    expect((await app.request('/v1/assets', { headers: authHeaders(reader.key) })).status).toBe(200);
    const upload = await app.request('/v1/assets', {
      method: 'POST',
      headers: { ...authHeaders(reader.key), 'content-type': 'video/mp4' },
      body: 'x',
    });
    expect(upload.status).toBe(403);
    expect(await upload.json()).toMatchObject({
      code: 'forbidden',
      detail: expect.stringContaining('assets:write') as unknown,
    });
    for (const [method, path] of [
      ['GET', '/v1/keys'],
      ['GET', '/v1/webhooks'],
      ['PUT', '/v1/assets/AAAAAAAAAAAAAAAAAAAA/playback-policy'],
      ['DELETE', '/v1/assets/AAAAAAAAAAAAAAAAAAAA'],
    ] as const) {
      expect(
        (await app.request(path, { method, headers: authHeaders(reader.key) })).status,
        `${method} ${path}`,
      ).toBe(403);
    }
  });

  it('creates keys shown once, stored only as hashes, and lists them without secrets', async () => {
    const created = await createKey(['assets:read', 'assets:write']);
    expect(created.key).toMatch(/^sck_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    const stored = await stores.apiKeys.getApiKey(created.id);
    expect(stored?.hashHex).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(created.key.slice(17));
    const list: unknown = await (await app.request('/v1/keys', { headers: authHeaders() })).json();
    expect(JSON.stringify(list)).not.toContain(created.key);
    expect(list).toMatchObject({
      data: [{ id: created.id, scopes: ['assets:read', 'assets:write'], revokedAt: null }],
    });
  });

  it('revokes a key: it stops working at once', async () => {
    const key = await createKey(['assets:read']);
    expect((await app.request('/v1/assets', { headers: authHeaders(key.key) })).status).toBe(200);
    const revoke = await app.request(`/v1/keys/${key.id}`, { method: 'DELETE', headers: authHeaders() });
    expect(revoke.status).toBe(204);
    expect((await app.request('/v1/assets', { headers: authHeaders(key.key) })).status).toBe(401);
    expect(
      (await app.request(`/v1/keys/${key.id}`, { method: 'DELETE', headers: authHeaders() })).status,
    ).toBe(404);
  });

  it('lets a key grant only scopes it holds', async () => {
    const admin = await createKey(['keys:admin', 'assets:read']);
    await createKey(['assets:read'], admin.key);
    const escalate = await app.request('/v1/keys', {
      method: 'POST',
      headers: { ...authHeaders(admin.key), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'sneaky', scopes: ['webhooks:admin'] }),
    });
    expect(escalate.status).toBe(403);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After once a key has spent its burst, per key', async () => {
    build(createMemoryRateLimiter({ perMinute: 1, burst: 2 }));
    const other = await createKey(['assets:read']);
    const statuses = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push((await app.request('/v1/assets', { headers: authHeaders(other.key) })).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await app.request('/v1/assets', { headers: authHeaders(other.key) });
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    // The bootstrap key (one request spent creating the key above) has its own count.
    expect((await app.request('/v1/assets', { headers: authHeaders() })).status).toBe(200);
  });
});
