import { describe, expect, it } from 'vitest';
import { OPEN_PLAYBACK_POLICY } from '../../packager/domain/asset.js';
import { START_MS, assetId, newAsset, presentation, type CatalogHarness } from './catalog-fixtures.js';

/** Who may play an asset: stored with the asset, replaced as a whole, kept across packaging. */
export function describeCatalogPlaybackPolicy(harness: CatalogHarness): void {
  describe('playback policy', () => {
    const restricted = { signed: true, allowedOrigins: ['https://site.example', 'http://127.0.0.1:8080'] };

    it('is open unless the asset was created with one', async () => {
      const open = await harness.catalog().createAsset(newAsset());
      expect(open.playbackPolicy).toEqual(OPEN_PLAYBACK_POLICY);
      const signed = await harness.catalog().createAsset(newAsset(assetId(), { playbackPolicy: restricted }));
      expect(signed.playbackPolicy).toEqual(restricted);
      expect((await harness.catalog().getAsset(signed.id))?.playbackPolicy).toEqual(restricted);
    });

    it('is replaced as a whole, touching nothing else, and kept across packaging', async () => {
      const asset = await harness.catalog().createAsset(newAsset());
      harness.clock().advance(500);
      expect(await harness.catalog().setPlaybackPolicy(asset.id, restricted)).toBe(true);
      expect(await harness.catalog().getAsset(asset.id)).toEqual({
        ...asset,
        playbackPolicy: restricted,
        updatedAtMs: START_MS + 500,
      });
      await harness.catalog().markProcessing(asset.id, 1);
      await harness.catalog().commitRevision(asset.id, 1, presentation());
      expect((await harness.catalog().getAsset(asset.id))?.playbackPolicy).toEqual(restricted);
      const onlyOrigins = { signed: false, allowedOrigins: ['https://other.example'] };
      expect(await harness.catalog().setPlaybackPolicy(asset.id, onlyOrigins)).toBe(true);
      expect((await harness.catalog().getAsset(asset.id))?.playbackPolicy).toEqual(onlyOrigins);
      expect((await harness.catalog().listAssets({ limit: 10 })).assets[0]?.playbackPolicy).toEqual(
        onlyOrigins,
      );
    });

    it('keeps its own copy of the origins it was given', async () => {
      const origins = ['https://site.example'];
      const asset = await harness.catalog().createAsset(newAsset());
      await harness.catalog().setPlaybackPolicy(asset.id, { signed: false, allowedOrigins: origins });
      origins.push('https://late.example');
      expect((await harness.catalog().getAsset(asset.id))?.playbackPolicy.allowedOrigins).toEqual([
        'https://site.example',
      ]);
    });

    it('answers false for an unknown or deleted asset', async () => {
      expect(await harness.catalog().setPlaybackPolicy(assetId(), restricted)).toBe(false);
      const asset = await harness.catalog().createAsset(newAsset());
      await harness.catalog().deleteAsset(asset.id);
      expect(await harness.catalog().setPlaybackPolicy(asset.id, restricted)).toBe(false);
    });
  });
}
