import type { MpdPlaylist, MpdXmlElement } from 'mpd-parser';
import { inheritAttributes, stringToMpdXml, toPlaylists } from 'mpd-parser';
import { ManifestParseError } from '../parse-error.js';
import { isoDurationToSeconds } from './duration.js';

const ROLE_SCHEME = 'urn:mpeg:dash:role:2011';

/** One media segment, with its URI resolved against the manifest URL and any BaseURL. */
export interface MpdSegment {
  readonly uri: string;
  /** The segment's `$Number$`. */
  readonly number: number;
  /** Presentation time of its start: Period start + (t - presentationTimeOffset) / timescale. */
  readonly startSeconds: number;
  readonly durationSeconds: number;
}

/** How a Representation addresses its segments (D3 wants one mode per AdaptationSet). */
export type MpdAddressing =
  | 'segment-timeline'
  | 'segment-template-duration'
  | 'segment-template'
  | 'segment-list'
  | 'segment-base'
  | 'none';

/** A Representation with the attributes it inherits from its AdaptationSet. */
export interface MpdRepresentation {
  readonly id: string | null;
  readonly bandwidthBps: number | null;
  readonly codecs: string | null;
  readonly mimeType: string | null;
  readonly width: number | null;
  readonly height: number | null;
  /** `30000/1001` as a number. */
  readonly frameRate: number | null;
  readonly sar: string | null;
  readonly audioSamplingRateHz: number | null;
  /** AudioChannelConfiguration@value of the Representation, or of its AdaptationSet. */
  readonly audioChannels: string | null;
  readonly addressing: MpdAddressing;
  /** Resolved URI of the initialization segment. */
  readonly initUri: string | null;
  /**
   * The BaseURL in effect, resolved; null when no BaseURL applies. With no segment addressing (`none`) it is
   * the Representation's one file: how a side-loaded WebVTT track is referenced (DASH-IF IOP 6.4.5).
   */
  readonly baseUri: string | null;
  readonly segments: readonly MpdSegment[];
}

export interface MpdAdaptationSet {
  readonly id: string | null;
  readonly contentType: string | null;
  readonly mimeType: string | null;
  readonly lang: string | null;
  readonly segmentAlignment: boolean;
  readonly startWithSap: number | null;
  /** Role@value of every Role in the DASH role scheme (`main`). */
  readonly roles: readonly string[];
  readonly representations: readonly MpdRepresentation[];
}

export interface MpdPeriod {
  readonly id: string | null;
  readonly startSeconds: number | null;
  readonly adaptationSets: readonly MpdAdaptationSet[];
}

export interface ParsedMpd {
  readonly type: string | null;
  readonly profiles: readonly string[];
  /** mediaPresentationDuration in seconds; null when absent or not an ISO 8601 duration. */
  readonly durationSeconds: number | null;
  readonly minBufferTimeSeconds: number | null;
  readonly periods: readonly MpdPeriod[];
  /** The AdaptationSets of every Period, in document order (ScalaCast writes one Period). */
  readonly adaptationSets: readonly MpdAdaptationSet[];
  /** What mpd-parser complained about. */
  readonly warnings: readonly string[];
}

/**
 * Reads an MPD with mpd-parser, which expands every SegmentTemplate/SegmentTimeline into a segment list.
 * `manifestUrl` (absolute) is the base for relative URIs. Throws ManifestParseError when the text is not an
 * MPD; anything else is reported as written, for the caller to judge.
 */
export function parseMpd(text: string, manifestUrl: string): ParsedMpd {
  const warnings: string[] = [];
  let mpd: MpdXmlElement;
  let playlists: MpdPlaylist[];
  try {
    mpd = stringToMpdXml(text);
    const inherited = inheritAttributes(mpd, {
      manifestUri: manifestUrl,
      // Used for dynamic MPDs only; passing it keeps the parser from reading the clock.
      NOW: 0,
      clientOffset: 0,
      eventHandler: (event) => warnings.push(event.message),
    });
    playlists = toPlaylists(inherited.representationInfo);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ManifestParseError(`not a readable MPD (${reason})`, { cause: error });
  }

  // mpd-parser flattens Period > AdaptationSet > Representation in document order; walking the same tree
  // restores the grouping and the elements it drops (AudioChannelConfiguration, Role).
  const queue = [...playlists];
  const periods = childElements(mpd, 'Period').map((period) => ({
    id: attributeOf(period, 'id'),
    startSeconds: isoDurationOrNull(attributeOf(period, 'start')),
    adaptationSets: childElements(period, 'AdaptationSet').map((adaptationSet) => ({
      id: attributeOf(adaptationSet, 'id'),
      contentType: attributeOf(adaptationSet, 'contentType'),
      mimeType: attributeOf(adaptationSet, 'mimeType'),
      lang: attributeOf(adaptationSet, 'lang'),
      segmentAlignment: attributeOf(adaptationSet, 'segmentAlignment') === 'true',
      startWithSap: integerOrNull(attributeOf(adaptationSet, 'startWithSAP')),
      roles: childElements(adaptationSet, 'Role')
        .filter((role) => attributeOf(role, 'schemeIdUri') === ROLE_SCHEME)
        .map((role) => attributeOf(role, 'value') ?? ''),
      representations: childElements(adaptationSet, 'Representation').map((representation) => {
        const playlist = queue.shift();
        if (playlist === undefined || childElements(representation, 'BaseURL').length > 1) {
          throw new ManifestParseError('MPDs with several BaseURLs per element are not supported');
        }
        return readRepresentation(representation, [representation, adaptationSet, period, mpd], playlist);
      }),
    })),
  }));
  if (queue.length > 0) {
    throw new ManifestParseError('MPDs with several BaseURLs per element are not supported');
  }

  return {
    type: attributeOf(mpd, 'type'),
    profiles: (attributeOf(mpd, 'profiles') ?? '')
      .split(',')
      .map((profile) => profile.trim())
      .filter((profile) => profile !== ''),
    durationSeconds: isoDurationOrNull(attributeOf(mpd, 'mediaPresentationDuration')),
    minBufferTimeSeconds: isoDurationOrNull(attributeOf(mpd, 'minBufferTime')),
    periods,
    adaptationSets: periods.flatMap((period) => period.adaptationSets),
    warnings,
  };
}

/** `levels`: the Representation, then its AdaptationSet, its Period and the MPD (innermost first). */
function readRepresentation(
  representation: MpdXmlElement,
  levels: readonly MpdXmlElement[],
  playlist: MpdPlaylist,
): MpdRepresentation {
  const attributes = playlist.attributes;
  const segments = playlist.segments ?? [];
  const channelConfiguration = levels
    .slice(0, 2)
    .flatMap((level) => childElements(level, 'AudioChannelConfiguration'))[0];
  const channels = channelConfiguration === undefined ? null : attributeOf(channelConfiguration, 'value');
  const init = segments[0]?.map;
  return {
    id: attributeOf(representation, 'id'),
    bandwidthBps: typeof attributes.bandwidth === 'number' ? attributes.bandwidth : null,
    codecs: attributes.codecs ?? null,
    mimeType: attributes.mimeType ?? null,
    width: typeof attributes.width === 'number' ? attributes.width : null,
    height: typeof attributes.height === 'number' ? attributes.height : null,
    frameRate: typeof attributes.frameRate === 'number' ? attributes.frameRate : null,
    sar: attributes.sar ?? null,
    audioSamplingRateHz: integerOrNull(attributes.audioSamplingRate ?? null),
    audioChannels: channels ?? null,
    addressing: addressing(levels),
    // An empty @initialization comes back as '' resolved to the base URL: that is no init segment.
    initUri: init === undefined || init.uri === '' ? null : init.resolvedUri,
    baseUri: levels.some((level) => childElements(level, 'BaseURL').length > 0)
      ? (attributes.baseUrl ?? null)
      : null,
    segments: segments.map((segment) => ({
      uri: segment.resolvedUri,
      number: segment.number,
      startSeconds: segment.presentationTime,
      durationSeconds: segment.duration,
    })),
  };
}

function addressing(levels: readonly MpdXmlElement[]): MpdAddressing {
  const templates = levels.flatMap((level) => childElements(level, 'SegmentTemplate'));
  if (templates.length > 0) {
    if (templates.some((template) => childElements(template, 'SegmentTimeline').length > 0)) {
      return 'segment-timeline';
    }
    return templates.some((template) => template.hasAttribute('duration'))
      ? 'segment-template-duration'
      : 'segment-template';
  }
  if (levels.some((level) => childElements(level, 'SegmentList').length > 0)) return 'segment-list';
  if (levels.some((level) => childElements(level, 'SegmentBase').length > 0)) return 'segment-base';
  return 'none';
}

/** The attribute's value, or null when the element does not have it (xmldom answers '' for a missing one). */
function attributeOf(element: MpdXmlElement, name: string): string | null {
  return element.hasAttribute(name) ? element.getAttribute(name) : null;
}

function childElements(parent: MpdXmlElement, tagName: string): MpdXmlElement[] {
  const elements: MpdXmlElement[] = [];
  for (let i = 0; i < parent.childNodes.length; i++) {
    const node = parent.childNodes[i];
    if (node?.tagName === tagName) elements.push(node);
  }
  return elements;
}

function isoDurationOrNull(value: string | null): number | null {
  return value === null ? null : isoDurationToSeconds(value);
}

function integerOrNull(value: string | null): number | null {
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}
