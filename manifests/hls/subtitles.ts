import type { Presentation, SubtitleTrack } from '../model.js';
import type { UriResolver } from '../uri.js';
import { HLS_PLAYLIST_VERSION } from './media.js';
import { quotedString, uriLine } from './quoted-string.js';

const EXTINF_DECIMALS = 6;

/**
 * The single subtitle group of a presentation (every variant names it), or null when it has no subtitles.
 * Throws when tracks disagree on the group or two share a NAME (one group per variant, H5 for names).
 */
export function subtitleGroupId(p: Presentation): string | null {
  const tracks = p.subtitles ?? [];
  const first = tracks[0];
  if (first === undefined) return null;
  const names = new Set<string>();
  for (const track of tracks) {
    if (track.groupId !== first.groupId) {
      throw new Error(
        `subtitle tracks are in two groups (${first.groupId}, ${track.groupId}); HLS allows one`,
      );
    }
    if (names.has(track.name))
      throw new Error(`subtitle group ${first.groupId} has two tracks named ${track.name}`);
    names.add(track.name);
  }
  return first.groupId;
}

/** EXT-X-MEDIA lines of the subtitle tracks, for the multivariant playlist. */
export function subtitleMediaLines(p: Presentation, resolve: UriResolver): string[] {
  // At most one DEFAULT=YES per group (H5): the first track marked default wins.
  const tracks = p.subtitles ?? [];
  const defaultTrack = tracks.find((track) => track.isDefault);
  return tracks.map((track) => {
    const attributes = [
      'TYPE=SUBTITLES',
      `GROUP-ID=${quotedString(track.groupId, 'subtitle group id')}`,
      `NAME=${quotedString(track.name, 'subtitle name')}`,
      `LANGUAGE=${quotedString(track.language, 'subtitle language')}`,
      `DEFAULT=${track === defaultTrack ? 'YES' : 'NO'}`,
      // Players may pick the track by the user's language preference; RFC 8216 requires YES with DEFAULT=YES.
      'AUTOSELECT=YES',
      // Uploaded captions are a full transcript, never forced-only narrative subtitles.
      'FORCED=NO',
      `URI=${quotedString(resolve(track.playlistUri), 'subtitle playlist URI')}`,
    ];
    return `#EXT-X-MEDIA:${attributes.join(',')}`;
  });
}

/**
 * The VOD media playlist of one subtitle track: its WebVTT file as the only segment, lasting the whole
 * presentation. Null when the presentation has no track `trackId`. The file URI is passed through
 * `resolve` (the origin makes it relative to the playlist's own folder). Same input, same bytes.
 */
export function renderSubtitlePlaylist(
  p: Presentation,
  trackId: string,
  resolve: UriResolver,
): string | null {
  const track = (p.subtitles ?? []).find((candidate) => candidate.id === trackId);
  if (track === undefined) return null;
  const seconds = presentationEndMs(p) / 1000;
  return `${[
    '#EXTM3U',
    `#EXT-X-VERSION:${HLS_PLAYLIST_VERSION}`,
    // M1: the one segment lasts the whole presentation.
    `#EXT-X-TARGETDURATION:${Math.max(1, Math.ceil(seconds))}`,
    '#EXT-X-MEDIA-SEQUENCE:1',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    `#EXTINF:${seconds.toFixed(EXTINF_DECIMALS)},`,
    uriLine(resolve(track.uri), 'subtitle file URI'),
    '#EXT-X-ENDLIST',
  ].join('\n')}\n`;
}

/** Where the presentation ends: the end of its longest timeline (what the MPD declares too). */
export function presentationEndMs(p: Presentation): number {
  let endMs = 0;
  for (const rendition of [...p.video, ...p.audio]) {
    const last = rendition.segments.at(-1);
    if (last !== undefined)
      endMs = Math.max(endMs, ((last.startTicks + last.durationTicks) * 1000) / rendition.timescale);
  }
  return endMs > 0 ? endMs : Math.max(0, p.durationMs);
}

/** The track whose HLS media playlist is at `playlistUri`, if any (the origin's route lookup). */
export function subtitleTrackAt(p: Presentation, playlistUri: string): SubtitleTrack | undefined {
  return (p.subtitles ?? []).find((track) => track.playlistUri === playlistUri);
}
