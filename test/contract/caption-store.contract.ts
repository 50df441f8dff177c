import { describe, expect, it } from 'vitest';
import { START_MS, newAsset } from './catalog-fixtures.js';
import type { PublisherHarness } from './publisher-stores-harness.js';

export function describeCaptionStore(h: PublisherHarness): void {
  describe('CaptionStore', () => {
    const caption = (assetId: string, language: string, version: string) => ({
      assetId,
      language,
      name: `Name ${language}`,
      version,
      sizeBytes: 120,
      createdAtMs: START_MS,
    });

    it('adds, replaces (returning the previous), lists by language and deletes tracks', async () => {
      const { id } = await h.catalog().createAsset(newAsset());
      const captions = h.stores().captions;
      expect(await captions.putCaption(caption(id, 'fr', 'v1'))).toBeNull();
      expect(await captions.putCaption(caption(id, 'en', 'v1'))).toBeNull();
      expect(await captions.putCaption(caption(id, 'en', 'v2'))).toEqual(caption(id, 'en', 'v1'));
      expect(await captions.listCaptions(id)).toEqual([caption(id, 'en', 'v2'), caption(id, 'fr', 'v1')]);
      expect(await captions.deleteCaption(id, 'en')).toEqual(caption(id, 'en', 'v2'));
      expect(await captions.deleteCaption(id, 'en')).toBeNull();
      expect((await captions.listCaptions(id)).map((c) => c.language)).toEqual(['fr']);
    });
  });
}
