/**
 * Everything the checker fetched from the origin, once, as plain facts: the rule modules are pure functions
 * of this snapshot. Media bodies are not kept, only what the ISO-BMFF reader found in them and their size.
 */
import type { ParsedMpd } from '../../manifests/dash/parse.js';
import type { HlsMasterPlaylist, HlsMediaPlaylist } from '../../manifests/hls/parse.js';
import type { InitSegmentInfo } from '../media/init-segment.js';
import type { FragmentInfo } from '../media/media-segment.js';
import type { SampleInfo } from '../media/track-fragment.js';

/** One HTTP exchange as the checker saw it. */
export interface ResponseFacts {
  readonly url: string;
  readonly method: string;
  /** 0 when no response came back (see `error`). */
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** Bytes of body actually received. */
  readonly bodyBytes: number;
  /** Network failure or unreadable body; null when the exchange completed. */
  readonly error: string | null;
}

/** A manifest fetched twice: a published manifest never changes (M3, D1). */
export interface ManifestSnapshot<Parsed> {
  readonly url: string;
  readonly response: ResponseFacts;
  /** The body, when the answer was a 200. */
  readonly text: string | null;
  readonly refetch: { readonly response: ResponseFacts; readonly text: string | null } | null;
  readonly parsed: Parsed | null;
  /** Why `parsed` is null although `text` is not. */
  readonly parseError: string | null;
}

export interface PlaylistSegmentRef {
  /** Resolved against the playlist URL. */
  readonly url: string;
  readonly durationSeconds: number;
}

export interface MediaPlaylistSnapshot extends ManifestSnapshot<HlsMediaPlaylist> {
  /**
   * Name in reports: the playlist file name without `.m3u8` (`720p`); for a subtitle playlist its folder
   * too, which is its language (`en/lIhK1JdcGX3C`).
   */
  readonly name: string;
  /** The EXT-X-MAP URI resolved, or null. */
  readonly initUrl: string | null;
  readonly segments: readonly PlaylistSegmentRef[];
}

export interface InitSnapshot {
  readonly url: string;
  readonly response: ResponseFacts;
  readonly info: InitSegmentInfo | null;
  /** Fetch or parse failure. */
  readonly error: string | null;
}

export interface SegmentSnapshot {
  readonly url: string;
  /** The init segment it was parsed with. */
  readonly initUrl: string;
  readonly response: ResponseFacts;
  readonly fragments: readonly FragmentInfo[];
  /** Samples of each fragment, in fragment order. */
  readonly samples: readonly (readonly SampleInfo[])[];
  readonly error: string | null;
}

/**
 * A text file a text rendition names: the segment of an HLS SUBTITLES playlist, the BaseURL of a DASH text
 * Representation. Side-loaded WebVTT, not CMAF: no init segment, no ISO-BMFF boxes to read.
 */
export interface TextFileSnapshot {
  readonly url: string;
  readonly response: ResponseFacts;
  /** Why the file is not usable WebVTT (fetch failure, no `WEBVTT` signature); null when it is. */
  readonly error: string | null;
}

/** The HTTP behaviour of one resource, asked several ways (O1-O5). */
export interface HttpProbe {
  /** `master`, `mpd`, `720p playlist`, `720p/init.mp4`, `720p/1.m4s`. */
  readonly label: string;
  readonly kind: 'manifest' | 'media';
  readonly get: ResponseFacts;
  readonly head: ResponseFacts;
  /** OPTIONS preflight of a ranged GET from another origin. */
  readonly preflight: ResponseFacts;
  /** GET with If-None-Match: the ETag of `get`; null when `get` had no ETag. */
  readonly notModified: ResponseFacts | null;
  /** `Range: bytes=0-`; media only. */
  readonly fullRange: ResponseFacts | null;
  /** A range starting at the object's size; media only. */
  readonly pastEndRange: ResponseFacts | null;
}

/** A request the origin must refuse (O7). */
export interface RefusalProbe {
  readonly label: string;
  readonly response: ResponseFacts;
}

export interface PresentationSnapshot {
  readonly hls: ManifestSnapshot<HlsMasterPlaylist>;
  /**
   * Every CMAF media playlist the master names (variants, then AUDIO/VIDEO EXT-X-MEDIA), each once, in
   * master order.
   */
  readonly mediaPlaylists: readonly MediaPlaylistSnapshot[];
  /** Every SUBTITLES playlist the master names, in master order: text renditions, not CMAF media. */
  readonly textPlaylists: readonly MediaPlaylistSnapshot[];
  readonly dash: ManifestSnapshot<ParsedMpd>;
  /** By resolved URL. */
  readonly inits: ReadonlyMap<string, InitSnapshot>;
  /** By resolved URL: each segment referenced by either manifest, fetched once. */
  readonly segments: ReadonlyMap<string, SegmentSnapshot>;
  /** By resolved URL: each file of a text rendition named by either manifest, fetched once. */
  readonly textFiles: ReadonlyMap<string, TextFileSnapshot>;
  readonly probes: readonly HttpProbe[];
  /** The master playlist of an asset id that does not exist; null when no id could be derived from the URL. */
  readonly unknownAsset: RefusalProbe | null;
  /** Paths that try to leave the asset. */
  readonly pathTricks: readonly RefusalProbe[];
  /** Body bytes received over all requests. */
  readonly bytesReceived: number;
}
