/**
 * The presentation description: everything the manifests are rendered from.
 *
 * The packager writes one per asset revision from facts it measured in the produced segments (never from
 * ffmpeg's own playlists); the origin renders HLS and DASH from it just in time. It is plain JSON, stored
 * with the revision and never changed after it is published.
 *
 * Units: media time is integer ticks of the rendition's `timescale`; sizes are bytes; bit rates are bits per
 * second. Floats appear only when a manifest is written.
 */
export const PRESENTATION_VERSION = 1 as const;

/** A rational frame rate, e.g. 30000/1001 for 29.97 fps. */
export interface FrameRate {
  readonly num: number;
  readonly den: number;
}

/** One media segment of a rendition, as measured from its `moof` boxes. */
export interface SegmentFact {
  /** Decode time of the first sample (tfdt), in rendition ticks, relative to the presentation start. */
  readonly startTicks: number;
  /** Sum of the sample durations, in rendition ticks. */
  readonly durationTicks: number;
  readonly sizeBytes: number;
}

interface RenditionCommon {
  /** Stable id, unique within the presentation, safe in a URL path segment (`720p`, `audio-en`). */
  readonly id: string;
  /** RFC 6381 codec string read from the init segment (`avc1.64001f`, `mp4a.40.2`). */
  readonly codecs: string;
  /** Ticks per second of every time in this rendition. */
  readonly timescale: number;
  /** Peak over segments of sizeBytes*8/duration: what HLS BANDWIDTH and DASH @bandwidth declare. */
  readonly bandwidthBps: number;
  /** Whole-rendition average of sizeBytes*8/duration. */
  readonly averageBandwidthBps: number;
  /** URI of the init segment, relative to the revision root (`720p/init.mp4`). */
  readonly initUri: string;
  /** URI template of the media segments relative to the revision root, with `$Number$` (`720p/$Number$.m4s`). */
  readonly mediaUriTemplate: string;
  /** The `$Number$` of the first segment. */
  readonly startNumber: number;
  readonly segments: readonly SegmentFact[];
}

export interface VideoRendition extends RenditionCommon {
  readonly type: 'video';
  /** Display size after rotation and sample aspect ratio are applied (the coded size here: SAR is 1:1). */
  readonly width: number;
  readonly height: number;
  readonly frameRate: FrameRate;
  /** Id of the audio group played with this rendition, when the presentation has audio. */
  readonly audioGroupId?: string;
  /** True when every segment starts with a sync sample (enables EXT-X-INDEPENDENT-SEGMENTS). */
  readonly independentSegments: boolean;
}

export interface AudioRendition extends RenditionCommon {
  readonly type: 'audio';
  readonly groupId: string;
  /** Human name shown by players (`English`, `Main`). */
  readonly name: string;
  /** BCP-47 tag (`en`, `und`). */
  readonly language: string;
  readonly channels: number;
  readonly sampleRateHz: number;
  readonly isDefault: boolean;
}

export type Rendition = VideoRendition | AudioRendition;

/**
 * A side-loaded WebVTT subtitle track (captions a publisher uploaded): one file covers the whole
 * presentation. HLS lists it as an EXT-X-MEDIA TYPE=SUBTITLES rendition whose media playlist has that one
 * file as its only segment; DASH as a text AdaptationSet whose Representation points at the file (BaseURL).
 */
export interface SubtitleTrack {
  /** Stable id, unique within the presentation, safe in a URL path segment (`subs-en`). */
  readonly id: string;
  /** HLS GROUP-ID; every subtitle track of a presentation is in one group. */
  readonly groupId: string;
  /** Shown by players (`English`). */
  readonly name: string;
  /** BCP-47 tag (`en`, `pt-BR`). */
  readonly language: string;
  /** Shown without the viewer asking; usually false (captions stay off until chosen). */
  readonly isDefault: boolean;
  /** URI of the WebVTT file, relative to the revision root (`captions/en/k3J9.vtt`). */
  readonly uri: string;
  /** URI of the track's HLS media playlist, relative to the revision root (`captions/en/k3J9.m3u8`). */
  readonly playlistUri: string;
  /** Size of the WebVTT file, for the DASH @bandwidth. */
  readonly sizeBytes: number;
}

export interface Presentation {
  readonly version: typeof PRESENTATION_VERSION;
  /** Duration of the longest rendition, in milliseconds. */
  readonly durationMs: number;
  /** Nominal segment duration the packager aimed for, in milliseconds. */
  readonly targetSegmentDurationMs: number;
  /** Video renditions ordered from the highest bandwidth to the lowest. */
  readonly video: readonly VideoRendition[];
  readonly audio: readonly AudioRendition[];
  /** Side-loaded subtitle tracks; absent or empty when the asset has none. Not stored with a revision: the
   * origin adds the asset's current captions when it renders manifests. */
  readonly subtitles?: readonly SubtitleTrack[];
  /**
   * True while the revision is still being encoded (segment-level progressive publish): the timelines are
   * the plan's, the bandwidths the rungs' caps, and later segments may not be stored yet (the origin holds a
   * request for one until it is). The measured presentation replaces it when the revision is final.
   */
  readonly provisional?: boolean;
}

/** Seconds of a tick count, for writing manifests only. */
export function ticksToSeconds(ticks: number, timescale: number): number {
  return ticks / timescale;
}

/** Where a rendition's timeline ends, in ms from the presentation's start (0 without segments). */
export function renditionEndMs(rendition: Pick<Rendition, 'segments' | 'timescale'>): number {
  const last = rendition.segments.at(-1);
  return last ? ((last.startTicks + last.durationTicks) * 1000) / rendition.timescale : 0;
}

/** Frames per second as a float, for writing manifests only. */
export function framesPerSecond(rate: FrameRate): number {
  return rate.num / rate.den;
}

/** The URI of segment `index` (0-based) of a rendition, relative to the revision root. */
export function segmentUri(
  rendition: Pick<Rendition, 'mediaUriTemplate' | 'startNumber'>,
  index: number,
): string {
  return rendition.mediaUriTemplate.replace('$Number$', String(rendition.startNumber + index));
}
