import type { Presentation, Rendition } from '../model.js';
import { segmentUri, ticksToSeconds } from '../model.js';
import type { UriResolver } from '../uri.js';
import { quotedString, uriLine } from './quoted-string.js';

/**
 * EXT-X-VERSION of every playlist ScalaCast writes. EXT-X-MAP for fMP4 needs 6 (RFC 8216 section 7, M2);
 * 7 is what Apple's authoring spec and other packagers write for CMAF.
 */
export const HLS_PLAYLIST_VERSION = 7;

// 6 decimals: the error is at most 0.5 us, far below one frame or one AAC frame (M4), and fixed width
// keeps the text byte-identical for the same ticks.
const EXTINF_DECIMALS = 6;

/** The media playlist of a rendition, relative to the revision root: `720p.m3u8`. Origin routes match it. */
export function mediaPlaylistPath(renditionId: string): string {
  return `${renditionId}.m3u8`;
}

/**
 * The VOD media playlist of one rendition, or null when the presentation has no rendition `renditionId`.
 * Every URI (init segment, media segments) is passed through `resolve`. Same input, same bytes.
 */
export function renderMediaPlaylist(
  p: Presentation,
  renditionId: string,
  resolve: UriResolver,
): string | null {
  const rendition = findRendition(p, renditionId);
  if (rendition === undefined) return null;
  const lines = [
    '#EXTM3U',
    `#EXT-X-VERSION:${HLS_PLAYLIST_VERSION}`,
    // M1: no EXTINF may exceed it once rounded; ceil of the exact tick ratio is safe for any rounding.
    `#EXT-X-TARGETDURATION:${targetDurationSeconds(rendition)}`,
    // Sequence numbers equal the segment numbers in the file names ($Number$ in DASH), so one number names a
    // segment in both protocols and in logs.
    `#EXT-X-MEDIA-SEQUENCE:${rendition.startNumber}`,
    // M3: a published revision never changes; VOD tells players the list is complete and immutable.
    '#EXT-X-PLAYLIST-TYPE:VOD',
  ];
  if (hasIndependentSegments(rendition)) {
    // H6: every segment starts with a sync sample, so a player may start decoding at any segment.
    lines.push('#EXT-X-INDEPENDENT-SEGMENTS');
  }
  // M3: fMP4 segments need their init segment, declared before the first segment.
  lines.push(`#EXT-X-MAP:URI=${quotedString(resolve(rendition.initUri), 'init segment URI')}`);
  rendition.segments.forEach((segment, index) => {
    // M4: the duration measured from the segment's own sample durations, not the nominal target.
    const seconds = ticksToSeconds(segment.durationTicks, rendition.timescale);
    lines.push(`#EXTINF:${seconds.toFixed(EXTINF_DECIMALS)},`);
    lines.push(uriLine(resolve(segmentUri(rendition, index)), 'segment URI'));
  });
  lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

function findRendition(p: Presentation, renditionId: string): Rendition | undefined {
  return p.video.find((r) => r.id === renditionId) ?? p.audio.find((r) => r.id === renditionId);
}

function targetDurationSeconds(rendition: Rendition): number {
  return rendition.segments.reduce(
    (max, segment) => Math.max(max, Math.ceil(segment.durationTicks / rendition.timescale)),
    0,
  );
}

function hasIndependentSegments(rendition: Rendition): boolean {
  switch (rendition.type) {
    case 'video':
      return rendition.independentSegments;
    case 'audio':
      // Every AAC (and Opus) frame is a sync sample, so every audio segment starts with one.
      return true;
  }
}
