/**
 * Views of a snapshot the rules share: each rendition as a track (its init segment and its media segments in
 * playlist order), each side-loaded text rendition as a text track (its files), and what is measured from
 * them (bit rates, frame rate, real durations). Pure.
 */
import type { MpdAdaptationSet, MpdRepresentation, ParsedMpd } from '../../manifests/dash/parse.js';
import type { InitSegmentInfo } from '../media/init-segment.js';
import type { MediaPlaylistSnapshot, PresentationSnapshot, SegmentSnapshot } from './snapshot.js';

export type TrackKind = 'video' | 'audio' | 'other' | 'unknown';

export interface TrackSegment {
  readonly url: string;
  /** EXTINF for an HLS track, the SegmentTimeline duration for a DASH one. */
  readonly declaredSeconds: number;
  /** Undefined when the segment was not fetched (cannot happen for URLs the manifests name). */
  readonly snapshot: SegmentSnapshot | undefined;
}

export interface Track {
  /** Playlist name or Representation id (`720p`). */
  readonly name: string;
  readonly initUrl: string | null;
  readonly init: InitSegmentInfo | null;
  readonly kind: TrackKind;
  readonly segments: readonly TrackSegment[];
}

/** EXTINF is written with 6 decimals: it stands for any duration within half a microsecond of it. */
export const EXTINF_PRECISION_SECONDS = 0.000_000_5;

export function kindOf(init: InitSegmentInfo | null): TrackKind {
  if (init === null) return 'unknown';
  if (init.handler === 'vide') return 'video';
  if (init.handler === 'soun') return 'audio';
  return 'other';
}

/** One track per media playlist, in master order. */
export function hlsTracks(
  snapshot: PresentationSnapshot,
): (Track & { readonly playlist: MediaPlaylistSnapshot })[] {
  return snapshot.mediaPlaylists.map((playlist) => {
    const init = playlist.initUrl === null ? null : (snapshot.inits.get(playlist.initUrl)?.info ?? null);
    return {
      name: playlist.name,
      initUrl: playlist.initUrl,
      init,
      kind: kindOf(init),
      playlist,
      segments: playlist.segments.map((segment) => ({
        url: segment.url,
        declaredSeconds: segment.durationSeconds,
        snapshot: snapshot.segments.get(segment.url),
      })),
    };
  });
}

/** One track per DASH Representation of CMAF media (side-loaded text is not), in document order. */
export function dashTracks(
  snapshot: PresentationSnapshot,
): (Track & { readonly representation: MpdRepresentation })[] {
  const representations = mediaRepresentations(snapshot.dash.parsed);
  return representations.map((representation, index) => {
    const init =
      representation.initUri === null ? null : (snapshot.inits.get(representation.initUri)?.info ?? null);
    return {
      name: representation.id ?? `representation ${index + 1}`,
      initUrl: representation.initUri,
      init,
      kind: kindOf(init),
      representation,
      segments: representation.segments.map((segment) => ({
        url: segment.uri,
        declaredSeconds: segment.durationSeconds,
        snapshot: snapshot.segments.get(segment.uri),
      })),
    };
  });
}

/** Every Representation of the MPD but side-loaded text, in document order. */
export function mediaRepresentations(mpd: ParsedMpd | null): MpdRepresentation[] {
  return (mpd?.adaptationSets ?? []).flatMap((set) =>
    set.representations.filter((representation) => !isSideLoadedText(set, representation)),
  );
}

/**
 * A text rendition outside CMAF: a WebVTT (or other text) file with no init segment, which neither the
 * ISO-BMFF reader nor the CMAF rules (M3's EXT-X-MAP, F1-F6, D3-D6 timelines) apply to.
 */
export interface TextTrack {
  /** Subtitle playlist name (`en/lIhK1JdcGX3C`) or Representation id (`subs-en`). */
  readonly name: string;
  /** Resolved URLs of its files, in order: the playlist's segments, or the Representation's BaseURL. */
  readonly fileUrls: readonly string[];
}

/**
 * A Representation of a text AdaptationSet (`contentType="text"`, a `text/*` or TTML mimeType) without an
 * init segment: side-loaded text (DASH-IF IOP 6.4.5). Text in CMAF fragments has an init segment and is media.
 */
export function isSideLoadedText(set: MpdAdaptationSet, representation: MpdRepresentation): boolean {
  const mimeType = representation.mimeType ?? set.mimeType ?? '';
  const isText =
    set.contentType === 'text' || mimeType.startsWith('text/') || mimeType === 'application/ttml+xml';
  return isText && representation.initUri === null;
}

/** One text track per side-loaded text Representation, in document order. */
export function dashTextTracks(snapshot: PresentationSnapshot): (TextTrack & {
  readonly set: MpdAdaptationSet;
  readonly representation: MpdRepresentation;
})[] {
  return (snapshot.dash.parsed?.adaptationSets ?? []).flatMap((set) =>
    set.representations
      .filter((representation) => isSideLoadedText(set, representation))
      .map((representation, index) => ({
        name: representation.id ?? `text representation ${index + 1}`,
        fileUrls: textFileUrls(representation),
        set,
        representation,
      })),
  );
}

/** The files of a side-loaded text Representation: its segments if it addresses any, else its BaseURL. */
export function textFileUrls(representation: MpdRepresentation): string[] {
  if (representation.segments.length > 0) return representation.segments.map((segment) => segment.uri);
  return representation.baseUri === null ? [] : [representation.baseUri];
}

/** One text track per subtitle playlist, in master order. */
export function hlsTextTracks(
  snapshot: PresentationSnapshot,
): (TextTrack & { readonly playlist: MediaPlaylistSnapshot })[] {
  return snapshot.textPlaylists.map((playlist) => ({
    name: playlist.name,
    fileUrls: playlist.segments.map((segment) => segment.url),
    playlist,
  }));
}

/**
 * Every rendition once, by init segment: the HLS view where the master names it, else the DASH view (so a
 * rendition only one manifest names is still checked).
 */
export function renditionTracks(snapshot: PresentationSnapshot): Track[] {
  const seen = new Set<string>();
  const tracks: Track[] = [];
  for (const track of [...hlsTracks(snapshot), ...dashTracks(snapshot)]) {
    const key = track.initUrl ?? `no init: ${track.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    tracks.push(track);
  }
  return tracks;
}

/** Sum of the sample durations of a fetched segment, in its track's ticks; null when it was not read. */
export function segmentTicks(segment: SegmentSnapshot | undefined): number | null {
  if (segment === undefined || segment.error !== null || segment.fragments.length === 0) return null;
  return segment.fragments.reduce((sum, fragment) => sum + fragment.durationTicks, 0);
}

/** tfdt of the first fragment; null when it was not read or has no tfdt. */
export function segmentStartTicks(segment: SegmentSnapshot | undefined): number | null {
  if (segment === undefined || segment.error !== null) return null;
  return segment.fragments[0]?.baseMediaDecodeTime ?? null;
}

/** Samples and their summed durations over every readable segment of a track. */
export function sampleTotals(track: Track): { readonly samples: number; readonly ticks: number } {
  let samples = 0;
  let ticks = 0;
  for (const { snapshot } of track.segments) {
    if (snapshot === undefined || snapshot.error !== null) continue;
    for (const fragment of snapshot.fragments) {
      samples += fragment.sampleCount;
      ticks += fragment.durationTicks;
    }
  }
  return { samples, ticks };
}

/** Frames per second measured from sample durations (samples x timescale / ticks); null when unknown. */
export function measuredFrameRate(track: Track): number | null {
  const { samples, ticks } = sampleTotals(track);
  if (track.init === null || samples === 0 || ticks === 0) return null;
  return (samples * track.init.timescale) / ticks;
}

/**
 * The mean duration of one sample in seconds: one video frame, or one AAC frame (1024 PCM samples) for
 * audio, whose samples are whole codec frames. The unit of every "within one frame" rule.
 */
export function sampleSeconds(track: Track): number | null {
  const rate = measuredFrameRate(track);
  return rate === null ? null : 1 / rate;
}

/** Peak over segments of bytes x 8 / declared duration, the most generous reading of the written duration. */
export function peakBitrateBps(track: Track): number | null {
  let peak: number | null = null;
  for (const segment of track.segments) {
    const bytes = servedBytes(segment);
    if (bytes === null || segment.declaredSeconds <= 0) return null;
    peak = Math.max(peak ?? 0, (bytes * 8) / (segment.declaredSeconds + EXTINF_PRECISION_SECONDS));
  }
  return peak;
}

/** Whole-track bytes x 8 / declared duration. */
export function averageBitrateBps(track: Track): number | null {
  let bytes = 0;
  let seconds = 0;
  for (const segment of track.segments) {
    const size = servedBytes(segment);
    if (size === null) return null;
    bytes += size;
    seconds += segment.declaredSeconds;
  }
  return seconds > 0 ? (bytes * 8) / seconds : null;
}

function servedBytes(segment: TrackSegment): number | null {
  const response = segment.snapshot?.response;
  return response === undefined || response.status !== 200 || response.error !== null
    ? null
    : response.bodyBytes;
}

/** Seconds of a tick count of a track. */
export function seconds(ticks: number, init: InitSegmentInfo): number {
  return ticks / init.timescale;
}

/** `1.234567` */
export function formatSeconds(value: number): string {
  return value.toFixed(6).replace(/0{1,3}$/, '');
}
