import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../test/fakes/memory-catalog.js';
import { createMemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import { createTestApp } from '../testing/app-harness.js';
import { samplePresentation } from '../testing/presentation-fixture.js';
import { createFastLane } from './fast-lane.js';

const ID = 'asset000000000000042';
const SEGMENT = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 249));
const servers: Server[] = [];
let withFastLane: string;
let honoOnly: string;
let lanes: string[];

async function listen(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeEach(async () => {
  const catalog = createMemoryCatalog();
  const store = createMemoryObjectStore();
  await catalog.createAsset({ id: ID, title: null, sourceKey: `assets/${ID}/source`, sourceSizeBytes: 1 });
  await catalog.markProcessing(ID, 1);
  await catalog.commitRevision(ID, 1, samplePresentation());
  await store.put(`assets/${ID}/r1/360p/1.m4s`, SEGMENT, { contentType: 'video/mp4' });
  // One app, one delivery (one set of caches), served twice: with the fast lane in front, and without.
  const { app, delivery, logger, metrics } = createTestApp({ catalog, store });
  const fastLane = createFastLane({ delivery, metrics, logger, logHits: true });
  const honoLane = getRequestListener(app.fetch);
  lanes = [];
  withFastLane = await listen((req, res) => {
    const fast = fastLane(req, res);
    lanes.push(fast ? 'fast' : 'hono');
    if (!fast) void honoLane(req, res);
  });
  honoOnly = await listen((req, res) => void honoLane(req, res));
});

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function answer(base: string, path: string, headers: Record<string, string>, method = 'GET') {
  const response = await fetch(`${base}${path}`, { headers, method });
  const kept = [...response.headers.entries()].filter(
    ([name]) => !['date', 'x-request-id', 'keep-alive', 'connection'].includes(name),
  );
  return {
    status: response.status,
    headers: kept.sort(([a], [b]) => a.localeCompare(b)),
    body: Buffer.from(await response.arrayBuffer()),
    requestId: response.headers.get('x-request-id'),
  };
}

describe('the fast lane', () => {
  it.each([
    ['a segment', `/play/${ID}/r1/360p/1.m4s`, {}],
    ['a segment range', `/play/${ID}/r1/360p/1.m4s`, { range: 'bytes=100-199' }],
    ['a segment, revalidated', `/play/${ID}/r1/360p/1.m4s`, { 'if-none-match': `"${'0'.repeat(32)}", *` }],
    ['a segment with a query', `/play/${ID}/r1/360p/1.m4s?session=abc`, {}],
    ['a master playlist', `/play/${ID}/master.m3u8`, {}],
    ['an MPD', `/play/${ID}/manifest.mpd`, {}],
    ['a media playlist', `/play/${ID}/r1/360p.m3u8`, {}],
  ])('answers %s from memory exactly as the Hono lane does', async (_label, path, headers) => {
    await answer(withFastLane, path, {}); // fills the caches through the Hono lane
    lanes = [];
    const fast = await answer(withFastLane, path, headers);
    expect(lanes).toEqual(['fast']);
    const hono = await answer(honoOnly, path, headers);
    expect(fast.status).toBe(hono.status);
    expect(fast.headers).toEqual(hono.headers);
    expect(fast.body).toEqual(hono.body);
    expect(fast.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers HEAD with the headers only, and echoes a sane X-Request-Id', async () => {
    const path = `/play/${ID}/r1/360p/1.m4s`;
    await answer(withFastLane, path, {});
    lanes = [];
    const head = await answer(withFastLane, path, { 'x-request-id': 'edge-12345678' }, 'HEAD');
    expect(lanes).toEqual(['fast']);
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.requestId).toBe('edge-12345678');
    expect(head.headers).toContainEqual(['content-length', String(SEGMENT.length)]);
  });

  it('leaves misses, refusals and other routes to Hono', async () => {
    for (const path of [
      `/play/${ID}/r1/360p/1.m4s`,
      `/play/${ID}/r1/360p/9.m4s`,
      `/play/${ID}/player`,
      '/healthz',
    ]) {
      await answer(withFastLane, path, {});
    }
    await answer(withFastLane, `/play/${ID}/r1/360p/1.m4s`, { range: 'bytes=9000-' });
    expect(lanes).toEqual(['hono', 'hono', 'hono', 'hono', 'hono']);
  });
});
