import type { Presentation } from '../../manifests/model.js';
import type { AssetRecord } from '../../packager/domain/asset.js';
import { AppError } from '../../packager/domain/errors.js';

export interface PlayableAsset {
  readonly asset: AssetRecord;
  readonly revision: number;
  readonly presentation: Presentation;
}

/**
 * The asset behind a playback URL, with the revision players see. Unknown or deleted (null) ->
 * `asset_not_found`; not committed yet -> `asset_not_ready`; packaging failed with nothing committed ->
 * `asset_errored`. A committed revision stays playable whatever happens to later revisions.
 */
export function requirePlayable(asset: AssetRecord | null): PlayableAsset {
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
