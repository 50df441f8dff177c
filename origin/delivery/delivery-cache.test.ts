import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseMasterPlaylist } from '../../manifests/hls/parse.js';
import type { Presentation } from '../../manifests/model.js';
import { createMemoryCatalog } from '../../test/fakes/memory-catalog.js';
import { createMemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import { AppError } from '../../packager/domain/errors.js';
import type { Catalog, ObjectStore } from '../../packager/ports.js';
import { countCalls, createTestApp } from '../testing/app-harness.js';
import { authHeaders } from '../testing/publisher-harness.js';
import { samplePresentation } from '../testing/presentation-fixture.js';
import { parseDeliveryPath } from './delivery-path.js';
import type { DeliveryService } from './delivery-service.js';

const ID = 'asset000000000000042';
const SMALL = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));
const LARGE = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 253));
const path = (file: string) => `/play/${ID}/r1/360p/${file}`;

let nowMs: number;
let memory: ReturnType<typeof createMemoryObjectStore>;
let catalog: Catalog;
/** What the store does now: answer, fail as unreachable, or never answer. */
let storeMode: 'ok' | 'down' | 'hung';
let store: ObjectStore & { readonly calls: string[] };

beforeEach(async () => {
  nowMs = 1_800_000_000_000;
  storeMode = 'ok';
  memory = createMemoryObjectStore();
  catalog = createMemoryCatalog();
  await catalog.createAsset({ id: ID, title: null, sourceKey: `assets/${ID}/source`, sourceSizeBytes: 1 });
  await catalog.markProcessing(ID, 1);
  await catalog.commitRevision(ID, 1, samplePresentation());
  await memory.put(`assets/${ID}/r1/360p/1.m4s`, SMALL, { contentType: 'video/mp4' });
  await memory.put(`assets/${ID}/r1/360p/2.m4s`, SMALL.subarray(1), { contentType: 'video/mp4' });
  await memory.put(`assets/${ID}/r1/360p/3.m4s`, LARGE, { contentType: 'video/mp4' });
  await memory.put(`assets/${ID}/r2/360p/1.m4s`, SMALL, { contentType: 'video/mp4' });
  const flaky: ObjectStore = {
    ...memory,
    get: (key, range) => guard(() => memory.get(key, range)),
    stat: (key) => guard(() => memory.stat(key)),
  };
  store = countCalls(flaky);
});

function guard<T>(call: () => Promise<T>): Promise<T> {
  if (storeMode === 'down')
    return Promise.reject(new AppError('upstream_unavailable', 'connect ECONNREFUSED', { retryable: true }));
  if (storeMode === 'hung') return new Promise<T>(() => undefined);
  return call();
}

function appWith(settings: Record<string, number> = {}) {
  return createTestApp({
    catalog,
    store,
    clock: { nowMs: () => nowMs },
    delivery: {
      memoryCacheMaxObjectBytes: 100_000,
      breakerFailureThreshold: 3,
      breakerCooldownMs: 5000,
      storageTimeoutMs: 200,
      assetCacheTtlMs: 0,
      ...settings,
    },
  });
}

const gets = () => store.calls.filter((call) => call.startsWith('get'));

describe('segment caching', () => {
  it('reads a segment from storage once, then serves it from memory (ranges and all)', async () => {
    const { app, registry } = appWith();
    for (let index = 0; index < 3; index += 1) {
      expect(Buffer.from(await (await app.request(path('1.m4s'))).arrayBuffer())).toEqual(SMALL);
    }
    const ranged = await app.request(path('1.m4s'), { headers: { range: 'bytes=10-19' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer())).toEqual(SMALL.subarray(10, 20));
    expect(gets()).toHaveLength(1);
    const text = await registry.metrics();
    expect(text).toMatch(
      /scalacast_origin_cache_lookups_total\{tier="memory",kind="segment",result="hit"\} 3/,
    );
    expect(text).toMatch(/scalacast_origin_storage_reads_total\{operation="get",result="ok"\} 1/);
  });

  it('streams an object over the memory cap from storage every time, ranges as ranged reads', async () => {
    const { app } = appWith();
    for (let index = 0; index < 2; index += 1) {
      const response = await app.request(path('3.m4s'));
      expect(response.headers.get('content-length')).toBe(String(LARGE.length));
      expect(Buffer.from(await response.arrayBuffer())).toEqual(LARGE);
    }
    const ranged = await app.request(path('3.m4s'), { headers: { range: 'bytes=-100' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(
      `bytes ${LARGE.length - 100}-${LARGE.length - 1}/${LARGE.length}`,
    );
    expect(Buffer.from(await ranged.arrayBuffer())).toEqual(LARGE.subarray(-100));
    expect(gets()).toHaveLength(3);
  });

  it('serves only committed revisions, and stops serving a deleted asset', async () => {
    const { app } = appWith();
    expect((await app.request(`/play/${ID}/r2/360p/1.m4s`)).status).toBe(404);
    expect((await app.request(path('1.m4s'))).status).toBe(200);
    await catalog.deleteAsset(ID);
    expect((await app.request(path('1.m4s'))).status).toBe(404);
    expect(gets()).toHaveLength(1);
  });
});

describe('changes made through this process', () => {
  it('reach its playback at once, whatever ASSET_CACHE_TTL_MS says', async () => {
    const { app } = appWith({ assetCacheTtlMs: 60_000 });
    expect((await app.request(`/play/${ID}/master.m3u8`)).status).toBe(200);
    const deleted = await app.request(`/v1/assets/${ID}`, { method: 'DELETE', headers: authHeaders() });
    expect(deleted.status).toBe(204);
    expect((await app.request(`/play/${ID}/master.m3u8`)).status).toBe(404);
  });
});

describe('a progressive publish seen by a process that cached the preview', () => {
  const PROGRESSIVE = 'asset000000000000077';
  const preview = samplePresentation();
  const [low] = preview.video;
  const final: Presentation = {
    ...preview,
    video: low
      ? [
          {
            ...low,
            id: '720p',
            width: 1280,
            height: 720,
            bandwidthBps: 2_400_000,
            averageBandwidthBps: 2_000_000,
            initUri: '720p/init.mp4',
            mediaUriTemplate: '720p/$Number$.m4s',
          },
          low,
        ]
      : [],
  };
  const text = async (app: ReturnType<typeof appWith>['app'], file: string) =>
    (await app.request(`/play/${PROGRESSIVE}/${file}`)).text();
  const fastLane = (delivery: DeliveryService, file: string) => {
    const target = parseDeliveryPath(`/play/${PROGRESSIVE}/${file}`);
    const answer = target && delivery.answerNow({ method: 'GET', target, header: () => undefined });
    return answer?.body?.toString('utf8');
  };

  beforeEach(async () => {
    await catalog.createAsset({
      id: PROGRESSIVE,
      title: null,
      sourceKey: `assets/${PROGRESSIVE}/source`,
      sourceSizeBytes: 1,
    });
    await catalog.markProcessing(PROGRESSIVE, 1);
    await catalog.commitPreview(PROGRESSIVE, 1, preview);
  });

  it('serves the final ladder in HLS and DASH alike once the record is older than its ttl', async () => {
    const { app, delivery } = appWith({ assetCacheTtlMs: 1000 });
    expect(parseMasterPlaylist(await text(app, 'master.m3u8')).variants).toHaveLength(1);
    expect(await text(app, 'manifest.mpd')).not.toContain('720p');
    await catalog.commitRevision(PROGRESSIVE, 1, final);
    // Within the ttl, the record (and both manifests) may still be the preview's...
    nowMs += 500;
    expect(await text(app, 'manifest.mpd')).not.toContain('720p');
    // ...never past it, not even for the first request after a quiet spell.
    nowMs += 30_000;
    expect(fastLane(delivery, 'master.m3u8')).toBeUndefined();
    expect(parseMasterPlaylist(await text(app, 'master.m3u8')).variants).toHaveLength(2);
    expect(await text(app, 'manifest.mpd')).toContain('720p/init.mp4');
    const master = fastLane(delivery, 'master.m3u8');
    expect(master && parseMasterPlaylist(master).variants).toHaveLength(2);
  });
});

describe('storage outages', () => {
  it('keeps serving cached segments, answers 503 + Retry-After for the rest, and recovers by itself', async () => {
    const { app, registry } = appWith();
    await (await app.request(path('1.m4s'))).arrayBuffer();
    storeMode = 'down';
    for (let index = 0; index < 3; index += 1) {
      const failed = await app.request(path('2.m4s'));
      expect(failed.status).toBe(503);
      expect(failed.headers.get('retry-after')).toBe('5');
    }
    const callsWhenOpened = store.calls.length;
    const refused = await app.request(path('2.m4s'));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toMatchObject({ code: 'upstream_unavailable' });
    expect(store.calls.length).toBe(callsWhenOpened); // the breaker answered, storage was not asked
    expect((await app.request(path('1.m4s'))).status).toBe(200);
    expect(await registry.metrics()).toMatch(/scalacast_origin_storage_breaker_state 2/);

    storeMode = 'ok';
    nowMs += 5000;
    const recovered = await app.request(path('2.m4s'));
    expect(recovered.status).toBe(200);
    expect(Buffer.from(await recovered.arrayBuffer())).toEqual(SMALL.subarray(1));
    const metrics = await registry.metrics();
    expect(metrics).toMatch(/scalacast_origin_storage_breaker_state 0/);
    expect(metrics).toMatch(/scalacast_origin_storage_reads_total\{operation="get",result="rejected"\} 1/);
  });

  it('answers 504 when storage does not answer within its deadline, instead of hanging', async () => {
    const { app } = appWith();
    storeMode = 'hung';
    const response = await app.request(path('2.m4s'));
    expect(response.status).toBe(504);
    expect(response.headers.get('retry-after')).not.toBeNull();
    expect(await response.json()).toMatchObject({ code: 'upstream_timeout' });
  });

  it('keeps playing known assets from its last record while the catalog is down', async () => {
    const { app } = appWith({ assetCacheTtlMs: 1000 });
    await (await app.request(path('1.m4s'))).arrayBuffer();
    catalog.getAsset = () =>
      Promise.reject(new AppError('upstream_unavailable', 'db down', { retryable: true }));
    nowMs += 2000;
    expect((await app.request(path('1.m4s'))).status).toBe(200);
    expect((await app.request(`/play/${ID}/master.m3u8`)).status).toBe(200);
  });
});

describe('a slow store stream', () => {
  it('passes bytes through as the client reads them (no whole-object buffering for large objects)', async () => {
    let produced = 0;
    const source = new Readable({
      highWaterMark: 16 * 1024,
      read() {
        produced += 16 * 1024;
        this.push(produced <= 4 * 1024 * 1024 ? Buffer.alloc(16 * 1024) : null);
      },
    });
    store = countCalls({
      ...memory,
      get: async () => ({
        info: { key: 'k', sizeBytes: 4 * 1024 * 1024, etag: 'e', contentType: 'video/mp4' },
        body: source,
      }),
    });
    const { app } = appWith();
    const response = await app.request(path('3.m4s'));
    const reader = response.body?.getReader();
    await reader?.read();
    expect(produced).toBeLessThan(256 * 1024);
    await reader?.cancel();
    expect(source.destroyed).toBe(true);
  });
});
