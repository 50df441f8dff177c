import { describe, expect, it } from 'vitest';
import { presentationSizeBytes } from '../../packager/domain/presentation-size.js';
import { assetId, expectAppError, newAsset, presentation, type CatalogHarness } from './catalog-fixtures.js';

/** The reads behind the admin dashboard: search, totals, the latest revision, a failure's tool output. */
export function describeCatalogAdminReads(harness: CatalogHarness): void {
  describe('admin reads', () => {
    it('searches titles case-insensitively, anywhere, with wildcards taken literally, and ids exactly', async () => {
      const catalog = harness.catalog();
      const launch = await catalog.createAsset(newAsset(assetId(), { title: 'Product LAUNCH keynote' }));
      harness.clock().advance(1);
      const percent = await catalog.createAsset(newAsset(assetId(), { title: '100% launch_day' }));
      harness.clock().advance(1);
      await catalog.createAsset(newAsset(assetId(), { title: null }));
      const titles = async (search: string, limit = 10) =>
        (await catalog.listAssets({ limit, search })).assets.map((asset) => asset.id);

      expect(await titles('launch')).toEqual([percent.id, launch.id]);
      expect(await titles('  Keynote ')).toEqual([launch.id]);
      expect(await titles('100%')).toEqual([percent.id]);
      expect(await titles('h_d')).toEqual([percent.id]);
      expect(await titles('0%l')).toEqual([]);
      expect(await titles('%')).toEqual([percent.id]);
      expect(await titles(launch.id)).toEqual([launch.id]);
      expect(await titles('nothing like it')).toEqual([]);
      expect(await titles('   ')).toHaveLength(3);

      const first = await catalog.listAssets({ limit: 1, search: 'LAUNCH' });
      expect(first.assets.map((asset) => asset.id)).toEqual([percent.id]);
      const second = await catalog.listAssets({ limit: 1, search: 'LAUNCH', cursor: first.nextCursor ?? '' });
      expect(second).toEqual({ assets: [expect.objectContaining({ id: launch.id })], nextCursor: null });
      await expectAppError(catalog.listAssets({ limit: 1, search: 'x'.repeat(201) }), 'invalid_request');
    });

    it('sums live assets by status with their source and packaged bytes', async () => {
      const catalog = harness.catalog();
      expect(await catalog.summarizeAssets()).toEqual({
        byStatus: { queued: 0, processing: 0, ready: 0, errored: 0 },
        sourceSizeBytes: 0,
        packagedSizeBytes: 0,
      });
      const ready = await catalog.createAsset(newAsset(assetId(), { sourceSizeBytes: 5_000_000_000 }));
      await catalog.markProcessing(ready.id, 1);
      await catalog.commitRevision(ready.id, 1, presentation());
      const failed = await catalog.createAsset(newAsset(assetId(), { sourceSizeBytes: 10 }));
      await catalog.markProcessing(failed.id, 1);
      await catalog.markErrored(failed.id, 1, { code: 'source_unreadable', message: 'Not a video.' });
      await catalog.createAsset(newAsset(assetId(), { sourceSizeBytes: 20 }));
      const gone = await catalog.createAsset(newAsset(assetId(), { sourceSizeBytes: 999 }));
      await catalog.deleteAsset(gone.id);

      expect(await catalog.summarizeAssets()).toEqual({
        byStatus: { queued: 1, processing: 0, ready: 1, errored: 1 },
        sourceSizeBytes: 5_000_000_030,
        packagedSizeBytes: presentationSizeBytes(presentation()),
      });
      expect(presentationSizeBytes(presentation())).toBe(180_000);
    });

    it('answers the latest revision: the attempt in flight or failed, else the committed one', async () => {
      const catalog = harness.catalog();
      const asset = await catalog.createAsset(newAsset());
      expect(await catalog.getLatestRevision(asset.id)).toBeNull();
      await catalog.markProcessing(asset.id, 1);
      expect(await catalog.getLatestRevision(asset.id)).toBe(1);
      await catalog.commitRevision(asset.id, 1, presentation());
      expect(await catalog.getLatestRevision(asset.id)).toBe(1);
      await catalog.markProcessing(asset.id, 2);
      await catalog.markErrored(asset.id, 2, { code: 'transcode_failed', message: 'Encoder failed.' });
      expect(await catalog.getLatestRevision(asset.id)).toBe(2);
      await catalog.deleteAsset(asset.id);
      expect(await catalog.getLatestRevision(asset.id)).toBeNull();
      expect(await catalog.getLatestRevision(assetId())).toBeNull();
    });

    it("keeps a failure's tool output with its error until the next attempt starts", async () => {
      const catalog = harness.catalog();
      const asset = await catalog.createAsset(newAsset());
      await catalog.markProcessing(asset.id, 1);
      const output = '[error] moov atom not found\n[fatal] the upload: Invalid data found';
      await catalog.markErrored(asset.id, 1, { code: 'source_unreadable', message: 'Unreadable.', output });
      expect((await catalog.getAsset(asset.id))?.error).toEqual({
        code: 'source_unreadable',
        message: 'Unreadable.',
        output,
      });
      await catalog.markProcessing(asset.id, 2);
      expect((await catalog.getAsset(asset.id))?.error).toBeNull();
      await catalog.markErrored(asset.id, 2, { code: 'internal', message: 'No output this time.' });
      expect((await catalog.getAsset(asset.id))?.error).toEqual({
        code: 'internal',
        message: 'No output this time.',
      });
    });
  });
}
