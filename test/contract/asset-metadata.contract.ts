import { describe, expect, it } from 'vitest';
import { newAsset } from './catalog-fixtures.js';
import type { PublisherHarness } from './publisher-stores-harness.js';

export function describeAssetMetadata(h: PublisherHarness): void {
  describe('asset metadata', () => {
    it('stores external id and passthrough at creation and filters lists by external id', async () => {
      const catalog = h.catalog();
      const tagged = await catalog.createAsset({
        ...newAsset(),
        externalId: 'order-7',
        passthrough: { customer: 42, tags: ['a', 'b'], nested: { ok: true } },
      });
      h.clock().advance(1);
      const other = await catalog.createAsset({ ...newAsset(), externalId: 'order-8' });
      h.clock().advance(1);
      const plain = await catalog.createAsset(newAsset());
      expect(tagged).toMatchObject({
        externalId: 'order-7',
        passthrough: { customer: 42, tags: ['a', 'b'], nested: { ok: true } },
      });
      expect(plain).toMatchObject({ externalId: null, passthrough: null });
      const page = await catalog.listAssets({ limit: 10, externalId: 'order-7' });
      expect(page.assets.map((a) => a.id)).toEqual([tagged.id]);
      expect((await catalog.listAssets({ limit: 10 })).assets.map((a) => a.id)).toEqual([
        plain.id,
        other.id,
        tagged.id,
      ]);
      expect((await catalog.getAsset(tagged.id))?.passthrough).toEqual(tagged.passthrough);
    });

    it('patches only the given fields, null clearing one, and ignores deleted assets', async () => {
      const catalog = h.catalog();
      const metadata = h.stores().assetMetadata;
      const asset = await catalog.createAsset({ ...newAsset(), externalId: 'x', passthrough: [1, 2] });
      h.clock().advance(10);
      const updated = await metadata.updateAssetMetadata(asset.id, { title: 'New title', passthrough: null });
      expect(updated).toMatchObject({ title: 'New title', externalId: 'x', passthrough: null });
      expect(updated?.updatedAtMs).toBe(asset.updatedAtMs + 10);
      expect(await catalog.getAsset(asset.id)).toEqual(updated);
      await catalog.deleteAsset(asset.id);
      expect(await metadata.updateAssetMetadata(asset.id, { title: 'gone' })).toBeNull();
    });
  });
}
