/**
 * The artwork of an asset's committed revision, from the image index the packager writes next to it
 * (packager/images): the poster, the first storyboard sheet, its WebVTT, and a strip of thumbnails. URLs go
 * through the playback routes (`{prefix}/poster.jpg`, `{prefix}/r{n}/images/...`), so the same access rules
 * apply as for the video.
 */
import { isPlayable, type AssetRecord } from '../../packager/domain/asset.js';
import { imageUri } from '../../packager/images/image-index.js';
import { readImageIndex } from '../../packager/images/publish-images.js';
import type { ObjectStore } from '../../packager/ports.js';
import type { Artwork } from './admin-deps.js';

const STRIP_THUMBNAILS = 6;

export function createStoredArtwork(
  store: ObjectStore,
): (asset: AssetRecord, playbackPrefix: string) => Promise<Artwork | null> {
  return async (asset, prefix) => {
    const revision = asset.currentRevision;
    if (!isPlayable(asset) || revision === null) return null;
    const index = await readImageIndex(store, asset.id, revision);
    if (!index) return null;
    const revisionRoot = `${prefix}/r${revision}`;
    const { count } = index.thumbnails;
    const picks = Math.min(STRIP_THUMBNAILS, count);
    const thumbnails = Array.from({ length: picks }, (_, i) => {
      const thumb = picks === 1 ? 0 : Math.round((i * (count - 1)) / (picks - 1));
      return { url: `${revisionRoot}/${imageUri('thumbs', thumb)}`, atMs: thumb * index.intervalMs };
    });
    return {
      posterUrl: index.posters.length > 0 ? `${prefix}/poster.jpg` : null,
      storyboardSheetUrl: index.storyboard.sheets > 0 ? `${revisionRoot}/${imageUri('storyboard', 1)}` : null,
      storyboardVttUrl: index.storyboard.count > 0 ? `${prefix}/storyboard.vtt` : null,
      thumbnails,
    };
  };
}
