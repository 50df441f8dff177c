/**
 * The catalog a worker's pipeline writes through, reporting asset events where the state actually changes:
 * a committed preview makes the asset playable, a committed revision makes it ready, markErrored ends it
 * errored. Wrapping the port (instead of calling the publisher from each pipeline stage) covers every path
 * that commits: whole sources, chunked finish jobs, progressive previews. An update the catalog refuses
 * (deleted, superseded) reports nothing. Delivery is at least once: a retried job that commits again reports
 * again (asset.playable, never: the store keeps it to one per asset).
 */
import type { Presentation } from '../../manifests/model.js';
import type { AssetError } from '../domain/asset.js';
import type { AssetEvents, Catalog } from '../ports.js';

export function withAssetEvents(catalog: Catalog, events: AssetEvents): Catalog {
  return {
    ...catalog,
    commitPreview: async (id: string, revision: number, presentation: Presentation) => {
      const committed = await catalog.commitPreview(id, revision, presentation);
      if (committed) await events.publish({ type: 'asset.playable', assetId: id, revision });
      return committed;
    },
    commitRevision: async (id: string, revision: number, presentation: Presentation) => {
      const committed = await catalog.commitRevision(id, revision, presentation);
      if (committed) await events.publish({ type: 'asset.ready', assetId: id, revision });
      return committed;
    },
    markErrored: async (id: string, revision: number, error: AssetError) => {
      const marked = await catalog.markErrored(id, revision, error);
      if (marked) {
        await events.publish({
          type: 'asset.errored',
          assetId: id,
          revision,
          error: { code: error.code, message: error.message },
        });
      }
      return marked;
    },
  };
}
