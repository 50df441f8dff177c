import type { Presentation } from '../../manifests/model.js';
import { isAssetId, type AssetRecord } from '../../packager/domain/asset.js';
import { AppError } from '../../packager/domain/errors.js';
import type { Catalog } from '../../packager/ports.js';

export interface PlayableAsset {
  readonly asset: AssetRecord;
  readonly revision: number;
  readonly presentation: Presentation;
}

/**
 * The asset behind a playback URL, with the revision players see. Refuses a malformed id before the
 * catalog is asked; unknown or deleted -> `asset_not_found`; not committed yet -> `asset_not_ready`;
 * packaging failed with nothing committed -> `asset_errored`. A committed revision stays playable whatever
 * happens to later revisions.
 */
export async function loadPlayableAsset(catalog: Catalog, assetId: string): Promise<PlayableAsset> {
  if (!isAssetId(assetId)) throw new AppError('invalid_path', 'This is not an asset id.');
  const asset = await catalog.getAsset(assetId);
  if (!asset) throw new AppError('asset_not_found', 'No asset has this id.');
  const { currentRevision, presentation } = asset;
  if (currentRevision !== null && presentation !== null) {
    return { asset, revision: currentRevision, presentation };
  }
  if (asset.status === 'errored') {
    throw new AppError('asset_errored', 'This asset could not be packaged; its error says why.');
  }
  throw new AppError('asset_not_ready', 'This asset is still being packaged; try again shortly.', {
    details: { status: asset.status },
  });
}
