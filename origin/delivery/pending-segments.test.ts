/**
 * Segment-level progressive publish at the origin: while a revision is provisional (committed as playable
 * before its encode ended), a request for one of its segments that is not stored yet waits for it, and ends
 * in 503 + Retry-After (which players retry) only when the wait runs out. Committed revisions keep answering
 * 404 at once for a missing object.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../test/fakes/memory-catalog.js';
import { createMemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import type { Catalog, ObjectStore } from '../../packager/ports.js';
import { createTestApp } from '../testing/app-harness.js';
import { samplePresentation } from '../testing/presentation-fixture.js';

const ID = 'asset000000000000077';
const SEGMENT = Buffer.from('segment two bytes');
const WAIT_MS = 1500;

let store: ObjectStore;
let catalog: Catalog;
let app: ReturnType<typeof createTestApp>['app'];

beforeEach(async () => {
  store = createMemoryObjectStore();
  catalog = createMemoryCatalog();
  await catalog.createAsset({ id: ID, title: null, sourceKey: `assets/${ID}/source`, sourceSizeBytes: 3 });
  await catalog.markProcessing(ID, 1);
  await catalog.commitPreview(ID, 1, { ...samplePresentation(), provisional: true });
  await store.put(`assets/${ID}/r1/360p/1.m4s`, SEGMENT, { contentType: 'video/mp4' });
  app = createTestApp({
    catalog,
    store,
    delivery: { pendingSegmentWaitMs: WAIT_MS, assetCacheTtlMs: 0 },
  }).app;
});

const get = (path: string, method = 'GET') => app.request(`http://origin.test${path}`, { method });

describe('segments of a revision still being encoded', () => {
  it('holds a request for a segment not stored yet and answers it once the segment is there', async () => {
    const pending = get(`/play/${ID}/r1/360p/2.m4s`);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await store.put(`assets/${ID}/r1/360p/2.m4s`, SEGMENT, { contentType: 'video/mp4' });
    const response = await pending;
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(SEGMENT);
  });

  it('answers 503 with Retry-After and no-store when the segment is still missing after the wait', async () => {
    const started = performance.now();
    for (const method of ['GET', 'HEAD']) {
      const response = await get(`/play/${ID}/r1/360p/2.m4s`, method);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(response.headers.get('cache-control')).toBe('no-store');
      if (method === 'GET') expect(await response.json()).toMatchObject({ code: 'segment_not_ready' });
    }
    // Held for the wait each time, not refused at once (a lower bound only: no timing upper bound here).
    expect(performance.now() - started).toBeGreaterThanOrEqual(2 * WAIT_MS - 50);
  });

  it('serves stored segments at once, and renders manifests from the provisional timeline', async () => {
    expect((await get(`/play/${ID}/r1/360p/1.m4s`)).status).toBe(200);
    const playlist = await (await get(`/play/${ID}/r1/360p.m3u8`)).text();
    expect(playlist).toContain('#EXT-X-ENDLIST');
    expect(playlist.match(/^#EXTINF/gm)).toHaveLength(2);
  });

  it('answers 404 at once for a missing object once the measured presentation is committed', async () => {
    await catalog.commitRevision(ID, 1, samplePresentation());
    // A wait longer than the test's timeout: holding the request would fail the test.
    const patient = createTestApp({ catalog, store, delivery: { pendingSegmentWaitMs: 60_000 } }).app;
    const response = await patient.request(`http://origin.test/play/${ID}/r1/360p/2.m4s`);
    expect(response.status).toBe(404);
  });

  it('renders new manifests when the measured presentation replaces the provisional one', async () => {
    const provisional = await (await get(`/play/${ID}/r1/360p.m3u8`)).text();
    const measured = samplePresentation();
    const [rendition] = measured.video;
    if (!rendition) throw new Error('fixture has a video rendition');
    const longer = {
      ...rendition,
      segments: rendition.segments.map((s) => ({ ...s, durationTicks: 30000 })),
    };
    await catalog.commitRevision(ID, 1, { ...measured, video: [longer] });
    const final = await (await get(`/play/${ID}/r1/360p.m3u8`)).text();
    expect(final).not.toBe(provisional);
  });
});
