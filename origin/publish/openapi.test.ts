// The OpenAPI document against the app itself: every /v1 route the app serves is documented, and every
// answer a scenario collects (successes and problems) matches the schema documented for its status.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../test/fakes/memory-catalog.js';
import { createMemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import { createMemoryPublisherStores } from '../../test/fakes/memory-publisher-stores.js';
import { createTestApp } from '../testing/app-harness.js';
import { samplePresentation } from '../testing/presentation-fixture.js';
import { authHeaders } from '../testing/publisher-harness.js';

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
}

const catalog = createMemoryCatalog();
const stores = createMemoryPublisherStores(catalog);
const { app } = createTestApp({ catalog, store: createMemoryObjectStore(), publisher: { stores } });
let doc: OpenApiDocument;
const validated = new Set<string>();
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });

/** `/v1/assets/:id` -> `/v1/assets/{id}` */
const openApiPath = (honoPath: string) => honoPath.replace(/:([A-Za-z]+)/g, '{$1}');

/** Sends a request and checks its answer against the document entry of `route` (the Hono pattern). */
async function call(method: string, route: string, path: string, init: RequestInit = {}, expected?: number) {
  const response = await app.request(path, {
    ...init,
    method,
    headers: { ...authHeaders(), ...(init.headers as Record<string, string>) },
  });
  if (expected !== undefined) expect(response.status, `${method} ${path}`).toBe(expected);
  const operation = doc.paths[openApiPath(route)]?.[method.toLowerCase()];
  expect(operation, `${method} ${route} is documented`).toBeDefined();
  const documented = operation?.responses[String(response.status)];
  expect(documented, `${method} ${route} documents status ${response.status}`).toBeDefined();
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0] ?? '';
  const text = await response.text();
  if (documented?.content && contentType.includes('json')) {
    expect(Object.keys(documented.content)).toContain(contentType);
    const pointer = [
      'paths',
      openApiPath(route),
      method.toLowerCase(),
      'responses',
      String(response.status),
      'content',
      contentType,
      'schema',
    ]
      .map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1'))
      .join('/');
    const validate = ajv.getSchema(`openapi#/${pointer}`);
    expect(validate, pointer).toBeDefined();
    const body: unknown = JSON.parse(text);
    expect(
      validate?.(body),
      `${method} ${path} ${response.status}: ${JSON.stringify(validate?.errors)}`,
    ).toBe(true);
  } else {
    expect(documented?.content === undefined || text.length > 0).toBe(true);
  }
  validated.add(`${method.toLowerCase()} ${openApiPath(route)}`);
  return {
    status: response.status,
    headers: response.headers,
    json: () => JSON.parse(text) as Record<string, unknown>,
  };
}

beforeAll(async () => {
  doc = (await (await app.request('/v1/openapi.json')).json()) as OpenApiDocument;
  ajv.addSchema(doc, 'openapi');
});

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and documents every /v1 route the app serves', () => {
    expect(doc.openapi).toBe('3.1.0');
    const served = new Set(
      app.routes
        .filter(
          (route) => route.path.startsWith('/v1/') && route.method !== 'ALL' && !route.path.includes('*'),
        )
        .map((route) => `${route.method.toLowerCase()} ${openApiPath(route.path)}`),
    );
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method} ${path}`),
      ),
    );
    expect(served.size).toBeGreaterThan(20);
    expect([...served].filter((route) => !documented.has(route))).toEqual([]);
    expect([...documented].filter((route) => !served.has(route))).toEqual([]);
  });

  it('describes every answer of a full scenario, and the scenario covers every operation', async () => {
    const id = 'asset000000000000001';
    await call('GET', '/v1/openapi.json', '/v1/openapi.json', {}, 200);
    await call('GET', '/v1/docs', '/v1/docs', {}, 200);
    const created = await call(
      'POST',
      '/v1/assets',
      '/v1/assets?title=Clip&externalId=o-1&passthrough=%7B%22a%22%3A1%7D',
      {
        headers: { 'content-type': 'video/mp4' },
        body: 'video bytes',
      },
      201,
    );
    expect(created.json()).toMatchObject({ id, externalId: 'o-1', passthrough: { a: 1 } });
    await call(
      'POST',
      '/v1/assets',
      '/v1/assets',
      { headers: { 'content-type': 'application/json' }, body: '{"url":"http://10.0.0.1/v.mp4"}' },
      422,
    );
    await call('GET', '/v1/assets', '/v1/assets?externalId=o-1', {}, 200);
    await call('GET', '/v1/assets', '/v1/assets?limit=0', {}, 400);
    await call('GET', '/v1/assets/:id', `/v1/assets/${id}`, {}, 200);
    await call('GET', '/v1/assets/:id', '/v1/assets/AAAAAAAAAAAAAAAAAAAA', {}, 404);
    await call(
      'GET',
      '/v1/assets/:id',
      `/v1/assets/${id}`,
      { headers: { authorization: 'Bearer nope' } },
      401,
    );
    await call(
      'PATCH',
      '/v1/assets/:id',
      `/v1/assets/${id}`,
      { headers: { 'content-type': 'application/json' }, body: '{"title":null}' },
      200,
    );
    await call(
      'PUT',
      '/v1/assets/:id/playback-policy',
      `/v1/assets/${id}/playback-policy`,
      { headers: { 'content-type': 'application/json' }, body: '{"signed":false}' },
      200,
    );

    await catalog.markProcessing(id, 1);
    await catalog.commitRevision(id, 1, samplePresentation());
    await call('POST', '/v1/assets/:id/repackage', `/v1/assets/${id}/repackage`, {}, 202);
    const vtt = 'WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n';
    await call(
      'PUT',
      '/v1/assets/:id/captions/:language',
      `/v1/assets/${id}/captions/en`,
      { headers: { 'content-type': 'text/vtt' }, body: vtt },
      201,
    );
    await call(
      'PUT',
      '/v1/assets/:id/captions/:language',
      `/v1/assets/${id}/captions/en`,
      { headers: { 'content-type': 'text/vtt' }, body: vtt },
      200,
    );
    await call(
      'PUT',
      '/v1/assets/:id/captions/:language',
      `/v1/assets/${id}/captions/fr`,
      { headers: { 'content-type': 'text/vtt' }, body: 'WEBVTT\n\nbad' },
      422,
    );
    await call('GET', '/v1/assets/:id/captions', `/v1/assets/${id}/captions`, {}, 200);
    await call('DELETE', '/v1/assets/:id/captions/:language', `/v1/assets/${id}/captions/en`, {}, 204);

    await call('OPTIONS', '/v1/uploads', '/v1/uploads', {}, 204);
    const upload = await call(
      'POST',
      '/v1/uploads',
      '/v1/uploads',
      { headers: { 'tus-resumable': '1.0.0', 'upload-length': '4' } },
      201,
    );
    const uploadId = String(upload.json()['id']);
    await call('GET', '/v1/uploads/:id', `/v1/uploads/${uploadId}`, {}, 200);
    const patchAtZero = {
      headers: {
        'tus-resumable': '1.0.0',
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
      },
      body: 'ab',
    };
    await call('PATCH', '/v1/uploads/:id', `/v1/uploads/${uploadId}`, patchAtZero, 204);
    // The same chunk again: the offset moved on, so the server refuses it.
    await call('PATCH', '/v1/uploads/:id', `/v1/uploads/${uploadId}`, patchAtZero, 409);
    await call(
      'DELETE',
      '/v1/uploads/:id',
      `/v1/uploads/${uploadId}`,
      { headers: { 'tus-resumable': '1.0.0' } },
      204,
    );

    const key = await call(
      'POST',
      '/v1/keys',
      '/v1/keys',
      { headers: { 'content-type': 'application/json' }, body: '{"name":"ci","scopes":["assets:read"]}' },
      201,
    );
    await call('GET', '/v1/keys', '/v1/keys', {}, 200);
    await call('GET', '/v1/keys', '/v1/keys', { headers: authHeaders(String(key.json()['key'])) }, 403);
    await call('DELETE', '/v1/keys/:id', `/v1/keys/${String(key.json()['id'])}`, {}, 204);

    const hook = await call(
      'POST',
      '/v1/webhooks',
      '/v1/webhooks',
      { headers: { 'content-type': 'application/json' }, body: '{"url":"https://hooks.example.com/x"}' },
      201,
    );
    const hookId = String(hook.json()['id']);
    await call('GET', '/v1/webhooks', '/v1/webhooks', {}, 200);
    await call('GET', '/v1/webhooks/:id', `/v1/webhooks/${hookId}`, {}, 200);
    await call('GET', '/v1/webhooks/:id/deliveries', `/v1/webhooks/${hookId}/deliveries`, {}, 200);
    await call('DELETE', '/v1/webhooks/:id', `/v1/webhooks/${hookId}`, {}, 204);
    await call('DELETE', '/v1/assets/:id', `/v1/assets/${id}`, {}, 204);

    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method} ${path}`),
    );
    expect(operations.filter((operation) => !validated.has(operation))).toEqual([]);
  });
});

describe('request validation', () => {
  async function problem(method: string, path: string, init: RequestInit = {}) {
    const response = await app.request(path, {
      ...init,
      method,
      headers: { ...authHeaders(), ...(init.headers as Record<string, string>) },
    });
    expect(response.status, `${method} ${path}`).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await response.json()) as { code: string; errors: { field: string; message: string }[] };
    expect(body.code).toBe('invalid_request');
    return body.errors.map((error) => error.field).sort();
  }

  it('names each invalid query field', async () => {
    expect(await problem('GET', '/v1/assets?limit=0&status=done&externalId=')).toEqual([
      'externalId',
      'limit',
      'status',
    ]);
    expect(
      await problem('POST', `/v1/assets?title=${'t'.repeat(201)}&passthrough=%7Bnot-json`, {
        headers: { 'content-type': 'video/mp4' },
        body: 'x',
      }),
    ).toEqual(['passthrough', 'title']);
  });

  it('names each invalid JSON body field', async () => {
    const json = { 'content-type': 'application/json' };
    const big = { blob: 'x'.repeat(5000) };
    expect(
      await problem('POST', '/v1/assets', {
        headers: json,
        body: JSON.stringify({ url: 5, passthrough: big, title: 7 }),
      }),
    ).toEqual(['passthrough', 'title', 'url']);
    expect(
      await problem('POST', '/v1/webhooks', {
        headers: json,
        body: JSON.stringify({ url: 'https://x.example', events: ['asset.nope'] }),
      }),
    ).toEqual(['events.0']);
    expect(
      await problem('POST', '/v1/keys', { headers: json, body: JSON.stringify({ name: '', scopes: [] }) }),
    ).toEqual(['name', 'scopes']);
    expect(await problem('PATCH', '/v1/assets/AAAAAAAAAAAAAAAAAAAA', { headers: json, body: '{}' })).toEqual([
      '(body)',
    ]);
  });

  it('names invalid headers and Upload-Metadata entries of a tus upload', async () => {
    const meta = `title ${Buffer.from('t'.repeat(300)).toString('base64')},passthrough ${Buffer.from('{oops').toString('base64')}`;
    expect(
      await problem('POST', '/v1/uploads', {
        headers: { 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': meta },
      }),
    ).toEqual(['Upload-Metadata.passthrough', 'Upload-Metadata.title']);
    expect(
      await problem('POST', '/v1/uploads', { headers: { 'tus-resumable': '1.0.0', 'upload-length': 'ten' } }),
    ).toEqual(['Upload-Length']);
    expect(await problem('POST', '/v1/uploads', { headers: { 'tus-resumable': '1.0.0' } })).toEqual([
      'upload-length',
    ]);
  });
});
