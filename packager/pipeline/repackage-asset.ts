/**
 * Re-packaging an asset (new encoder settings, a new ladder): a new revision, numbered one past every
 * revision the asset has had, packaged from the stored source. The revision players see stays committed
 * and playing until the new one is final (no progressive preview replaces it), and work still running on
 * older revisions is stopped: the new revision supersedes it.
 */
import type { Catalog, JobQueue } from '../ports.js';

export interface RepackageDeps {
  readonly catalog: Catalog;
  readonly queue: JobQueue;
}

/** The new revision, or null when the asset does not exist. Enqueuing twice at once yields one job. */
export async function repackageAsset(
  assetId: string,
  deps: RepackageDeps,
): Promise<{ revision: number } | null> {
  const asset = await deps.catalog.getAsset(assetId);
  if (!asset) return null;
  const revision = ((await deps.catalog.getLatestRevision(assetId)) ?? 0) + 1;
  await deps.queue.cancelAsset(assetId, { belowRevision: revision });
  await deps.queue.enqueuePackageAsset({ v: 1, assetId, revision, sourceKey: asset.sourceKey });
  return { revision };
}
