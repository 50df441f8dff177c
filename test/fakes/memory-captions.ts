import type { CaptionRecord, CaptionStore } from '../../packager/ports.js';

/**
 * CaptionStore fake with the Kysely adapter's semantics, except one: it does not know which assets exist,
 * so it does not refuse captions of an unknown asset (the routes check the asset first).
 */
export function createMemoryCaptions(): CaptionStore {
  const captions = new Map<string, CaptionRecord>();
  const keyOf = (assetId: string, language: string) => `${assetId}\u0000${language}`;
  return {
    putCaption: async (caption: CaptionRecord) => {
      const key = keyOf(caption.assetId, caption.language);
      const previous = captions.get(key) ?? null;
      captions.set(key, Object.freeze({ ...caption }));
      return previous;
    },
    listCaptions: async (assetId: string) =>
      [...captions.values()]
        .filter((caption) => caption.assetId === assetId)
        .sort((a, b) => (a.language < b.language ? -1 : a.language > b.language ? 1 : 0)),
    deleteCaption: async (assetId: string, language: string) => {
      const key = keyOf(assetId, language);
      const previous = captions.get(key) ?? null;
      captions.delete(key);
      return previous;
    },
  };
}
