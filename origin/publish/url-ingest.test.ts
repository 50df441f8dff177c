import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../test/fakes/memory-catalog.js';
import { createMemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import { createMemoryPublisherStores } from '../../test/fakes/memory-publisher-stores.js';
import { createAddressPolicy } from '../../packager/net/address-policy.js';
import type { Resolver } from '../../packager/net/guarded-lookup.js';
import { createTestApp } from '../testing/app-harness.js';
import { authHeaders } from '../testing/publisher-harness.js';

// A video server on 127.0.0.1, reachable only because the test allow-lists 127.0.0.1/32 (OUTBOUND_ALLOW_CIDRS).
const VIDEO = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256));
let server: http.Server;
let base: string;
const hung: http.ServerResponse[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const path = request.url ?? '/';
    if (path === '/video.mp4') response.writeHead(200, { 'content-type': 'video/mp4' }).end(VIDEO);
    else if (path === '/chunked') {
      response.writeHead(200, { 'content-type': 'video/mp4' });
      response.write(VIDEO);
      response.end(VIDEO);
    } else if (path.startsWith('/redirect?to=')) {
      response.writeHead(302, { location: decodeURIComponent(path.slice('/redirect?to='.length)) }).end();
    } else if (path === '/slow') {
      response.writeHead(200, { 'content-type': 'video/mp4' });
      response.write(VIDEO.subarray(0, 10));
      hung.push(response);
    } else response.writeHead(404).end('nope');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const response of hung) response.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function app(
  allow: string[],
  options: { maxUploadBytes?: number; timeoutMs?: number; resolve?: Resolver } = {},
) {
  const catalog = createMemoryCatalog();
  const store = createMemoryObjectStore();
  const harness = createTestApp({
    catalog,
    store,
    config: { maxUploadBytes: options.maxUploadBytes ?? 100_000 },
    publisher: {
      stores: createMemoryPublisherStores(catalog),
      outboundPolicy: createAddressPolicy(allow),
      urlIngestTimeoutMs: options.timeoutMs ?? 10_000,
      ...(options.resolve ? { resolve: options.resolve } : {}),
    },
  });
  const ingest = (body: Record<string, unknown>) =>
    harness.app.request('/v1/assets', {
      method: 'POST',
      headers: { ...authHeaders(), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return { ...harness, store, ingest };
}

async function refused(response: Response, status: number, code: string, reason?: string) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { code: string; detail: string };
  expect(body.code).toBe(code);
  if (reason) expect(body.detail).toContain(`a ${reason} address`);
}

describe('URL ingest', () => {
  it('fetches an allow-listed URL into a new asset, with its metadata', async () => {
    const { ingest, store, queue } = app(['127.0.0.1/32']);
    const response = await ingest({
      url: `${base}/video.mp4`,
      title: 'From a URL',
      externalId: 'u-1',
      passthrough: [1],
    });
    expect(response.status).toBe(201);
    const asset = (await response.json()) as { id: string };
    expect(asset).toMatchObject({
      title: 'From a URL',
      externalId: 'u-1',
      passthrough: [1],
      status: 'queued',
    });
    expect((await store.getBuffer(`assets/${asset.id}/source`, 100_000)).equals(VIDEO)).toBe(true);
    expect((await store.stat(`assets/${asset.id}/source`))?.contentType).toBe('video/mp4');
    expect(queue.enqueued).toHaveLength(1);
    const redirected = await ingest({ url: `${base}/redirect?to=${encodeURIComponent('/chunked')}` });
    expect(redirected.status).toBe(201);
  });

  it('refuses loopback, private, link-local and metadata addresses, on every hop', async () => {
    const strict = app([]);
    await refused(await strict.ingest({ url: `${base}/video.mp4` }), 422, 'url_not_allowed', 'loopback');
    await refused(
      await strict.ingest({ url: 'http://169.254.169.254/latest/meta-data/' }),
      422,
      'url_not_allowed',
      'link-local',
    );
    await refused(await strict.ingest({ url: 'http://[fd00:ec2::254]/' }), 422, 'url_not_allowed', 'private');
    await refused(
      await strict.ingest({ url: 'http://192.168.1.1/v.mp4' }),
      422,
      'url_not_allowed',
      'private',
    );
    await refused(await strict.ingest({ url: 'file:///etc/passwd' }), 422, 'url_not_allowed');
    const resolve: Resolver = async () => [{ address: '10.1.2.3', family: 4 }];
    await refused(
      await app([], { resolve }).ingest({ url: 'http://videos.example.com/v.mp4' }),
      422,
      'url_not_allowed',
      'private',
    );

    const loopbackOnly = app(['127.0.0.1/32']);
    for (const [to, reason] of [
      ['http://10.0.0.1/x.mp4', 'private'],
      ['http://169.254.169.254/latest/meta-data/', 'link-local'],
      [`http://127.0.0.2:${base.split(':')[2]}/video.mp4`, 'loopback'],
    ] as const) {
      const response = await loopbackOnly.ingest({ url: `${base}/redirect?to=${encodeURIComponent(to)}` });
      await refused(response, 422, 'url_not_allowed', reason);
    }
    expect(loopbackOnly.store.keys()).toEqual([]);
  });

  it('enforces the size limit (declared or streamed), the deadline, and a 200 answer', async () => {
    await refused(
      await app(['127.0.0.1/32'], { maxUploadBytes: 4000 }).ingest({ url: `${base}/video.mp4` }),
      413,
      'payload_too_large',
    );
    const streamed = app(['127.0.0.1/32'], { maxUploadBytes: 8000 });
    await refused(await streamed.ingest({ url: `${base}/chunked` }), 413, 'payload_too_large');
    expect(streamed.store.keys()).toEqual([]);
    const slow = app(['127.0.0.1/32'], { timeoutMs: 1000 });
    await refused(await slow.ingest({ url: `${base}/slow` }), 422, 'url_fetch_failed');
    expect(slow.store.keys()).toEqual([]);
    await refused(await app(['127.0.0.1/32']).ingest({ url: `${base}/missing` }), 422, 'url_fetch_failed');
  });
});
