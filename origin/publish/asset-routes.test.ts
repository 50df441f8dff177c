import { describe, expect, it } from 'vitest';
import { useAssetApi } from '../../test/setup/asset-api.js';
import { samplePresentation } from '../testing/presentation-fixture.js';

const t = useAssetApi({ maxUploadBytes: 1000 });

describe('GET /v1/assets and /v1/assets/:id', () => {
  async function createAssets(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const response = await t.upload(Buffer.from(`video ${i}`));
      ids.push(((await response.json()) as { id: string }).id);
    }
    return ids;
  }

  it('pages through assets newest first with a cursor', async () => {
    const ids = await createAssets(3);
    const first = await t.api('/v1/assets?limit=2');
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const page1 = (await first.json()) as { data: { id: string }[]; nextCursor: string | null };
    expect(page1.data).toHaveLength(2);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const second = await t.api(`/v1/assets?limit=2&cursor=${encodeURIComponent(page1.nextCursor ?? '')}`);
    const page2 = (await second.json()) as { data: { id: string }[]; nextCursor: string | null };
    expect(page2.nextCursor).toBeNull();
    const seen = [...page1.data, ...page2.data].map((a) => a.id);
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it('filters by status', async () => {
    const [queuedId, readyId] = await createAssets(2);
    await t.catalog.markProcessing(readyId ?? '', 1);
    await t.catalog.commitRevision(readyId ?? '', 1, samplePresentation());
    const response = await t.api('/v1/assets?status=ready');
    const page = (await response.json()) as { data: { id: string; playable: boolean }[] };
    expect(page.data.map((a) => a.id)).toEqual([readyId]);
    expect(page.data.map((a) => a.id)).not.toContain(queuedId);
  });

  it('names every bad list parameter', async () => {
    const response = await t.api('/v1/assets?limit=0&status=done');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { field: string }[] };
    expect(body.errors.map((e) => e.field).sort()).toEqual(['limit', 'status']);
  });

  it('refuses a malformed cursor with 400', async () => {
    const response = await t.api('/v1/assets?cursor=not-a-cursor');
    expect(response.status).toBe(400);
  });

  it('answers one asset, with renditions once packaged', async () => {
    const [id = ''] = await createAssets(1);
    await t.catalog.markProcessing(id, 1);
    await t.catalog.commitRevision(id, 1, samplePresentation());
    const response = await t.api(`/v1/assets/${id}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id,
      status: 'ready',
      progress: 100,
      playable: true,
      durationMs: 4000,
      renditions: [
        {
          id: '360p',
          type: 'video',
          width: 640,
          height: 360,
          frameRate: 29.97,
          bandwidthBps: 800_000,
          averageBandwidthBps: 600_000,
          codecs: 'avc1.64001e',
        },
        { id: 'audio', type: 'audio', codecs: 'mp4a.40.2', channels: 2, bandwidthBps: 130_000 },
      ],
    });
  });

  it.each(['asset99999999999999999'.slice(0, 20), 'not-an-id', '..%2F..%2Fetc'])(
    'answers 404 for %s',
    async (id) => {
      const response = await t.api(`/v1/assets/${id}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'asset_not_found' });
    },
  );
});

describe('DELETE /v1/assets/:id', () => {
  it('cancels the job, removes the asset and its objects, and answers 204', async () => {
    const { id } = (await (await t.upload(Buffer.from('abc'))).json()) as { id: string };
    await t.store.put(`assets/${id}/r1/360p/init.mp4`, Buffer.from('init'), { contentType: 'video/mp4' });
    const other = (await (await t.upload(Buffer.from('other'))).json()) as { id: string };

    const response = await t.api(`/v1/assets/${id}`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(t.harness.queue.cancelled).toEqual([id]);
    expect(await t.catalog.getAsset(id)).toBeNull();
    expect(t.store.keys()).toEqual([`assets/${other.id}/source`]);
    expect((await t.api(`/v1/assets/${id}`)).status).toBe(404);
  });

  it('answers 404 for an unknown asset without cancelling anything', async () => {
    const response = await t.api('/v1/assets/asset000000000000999', { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(t.harness.queue.cancelled).toEqual([]);
  });
});
