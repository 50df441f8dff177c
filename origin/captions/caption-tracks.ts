/**
 * Captions as the presentation's subtitle tracks. Captions belong to the asset, not to a packaged revision
 * (they can be added, replaced or removed at any time), so they are not stored in the presentation: every
 * manifest render adds the asset's current captions (withCaptions decorates the catalog delivery reads).
 * Their URIs carry the caption's version, so each URL always names the same bytes.
 */
import type { Presentation, SubtitleTrack } from '../../manifests/model.js';
import type { CaptionRecord, CaptionStore, Catalog } from '../../packager/ports.js';

export const SUBTITLE_GROUP_ID = 'subs';

/** Object key of a caption file; under the asset's prefix, so deleting the asset removes it. */
export function captionObjectKey(assetId: string, language: string, version: string): string {
  return `assets/${assetId}/captions/${language}/${version}.vtt`;
}

/** Path of a caption's files relative to a revision root (what the manifests reference). */
export function captionPath(
  caption: Pick<CaptionRecord, 'language' | 'version'>,
  extension: 'vtt' | 'm3u8',
): string {
  return `captions/${caption.language}/${caption.version}.${extension}`;
}

export function subtitleTracks(captions: readonly CaptionRecord[]): SubtitleTrack[] {
  const names = new Set<string>();
  return captions.map((caption) => {
    // HLS needs distinct NAMEs within a group: two tracks a publisher named alike get their language added.
    const name = names.has(caption.name) ? `${caption.name} (${caption.language})` : caption.name;
    names.add(name);
    return {
      id: `subs-${caption.language.toLowerCase()}`,
      groupId: SUBTITLE_GROUP_ID,
      name,
      language: caption.language,
      isDefault: false,
      uri: captionPath(caption, 'vtt'),
      playlistUri: captionPath(caption, 'm3u8'),
      sizeBytes: caption.sizeBytes,
    };
  });
}

export function withSubtitles(presentation: Presentation, captions: readonly CaptionRecord[]): Presentation {
  return captions.length === 0 ? presentation : { ...presentation, subtitles: subtitleTracks(captions) };
}

/** The catalog as delivery should read it: a playable asset's presentation carries its captions. */
export function withCaptions(catalog: Catalog, captions: CaptionStore): Catalog {
  return {
    ...catalog,
    getAsset: async (id: string) => {
      const asset = await catalog.getAsset(id);
      if (!asset?.presentation) return asset;
      const tracks = await captions.listCaptions(id);
      return tracks.length === 0
        ? asset
        : { ...asset, presentation: withSubtitles(asset.presentation, tracks) };
    },
  };
}
