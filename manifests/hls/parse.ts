import type { Manifest } from 'm3u8-parser';
import { Parser } from 'm3u8-parser';
import { ManifestParseError } from '../parse-error.js';

/** One EXT-X-STREAM-INF of a multivariant playlist, as written (URIs not resolved). */
export interface HlsVariant {
  readonly uri: string;
  readonly bandwidthBps: number | null;
  readonly averageBandwidthBps: number | null;
  /** The CODECS attribute as written (`avc1.64001f,mp4a.40.2`). */
  readonly codecs: string | null;
  readonly resolution: { readonly width: number; readonly height: number } | null;
  readonly frameRate: number | null;
  readonly audioGroupId: string | null;
  readonly subtitlesGroupId: string | null;
}

/** One EXT-X-MEDIA tag, as written. */
export interface HlsMediaTag {
  /** AUDIO, VIDEO, SUBTITLES or CLOSED-CAPTIONS. */
  readonly type: string;
  readonly groupId: string;
  readonly name: string;
  readonly language: string | null;
  readonly isDefault: boolean;
  readonly autoselect: boolean;
  readonly channels: string | null;
  readonly uri: string | null;
}

export interface HlsMasterPlaylist {
  readonly version: number | null;
  readonly independentSegments: boolean;
  readonly media: readonly HlsMediaTag[];
  readonly variants: readonly HlsVariant[];
  /** What m3u8-parser complained about (missing attributes, ignored tags). */
  readonly warnings: readonly string[];
}

export interface HlsMediaSegment {
  readonly uri: string;
  readonly durationSeconds: number;
}

export interface HlsMediaPlaylist {
  readonly version: number | null;
  readonly targetDurationSeconds: number | null;
  readonly mediaSequence: number | null;
  readonly playlistType: 'VOD' | 'EVENT' | null;
  readonly independentSegments: boolean;
  /** EXT-X-MAP URI in effect for the first segment. */
  readonly mapUri: string | null;
  readonly segments: readonly HlsMediaSegment[];
  readonly endList: boolean;
  readonly warnings: readonly string[];
}

interface ParserRun {
  readonly manifest: Manifest;
  readonly mediaTags: readonly Readonly<Record<string, unknown>>[];
  readonly warnings: readonly string[];
}

/**
 * Reads a multivariant playlist. Throws ManifestParseError when the text is not a playlist or is a media
 * playlist; anything else is reported as written, for the caller to judge.
 */
export function parseMasterPlaylist(text: string): HlsMasterPlaylist {
  const { manifest, mediaTags, warnings } = runParser(text);
  if (manifest.segments.length > 0) {
    throw new ManifestParseError(
      'expected a multivariant playlist, got a media playlist (it lists segments)',
    );
  }
  return {
    version: manifest.version ?? null,
    independentSegments: manifest.independentSegments === true,
    media: mediaTags.flatMap((attributes) => {
      const type = stringOrNull(attributes['TYPE']);
      const groupId = stringOrNull(attributes['GROUP-ID']);
      const name = stringOrNull(attributes['NAME']);
      if (type === null || groupId === null || name === null) return [];
      return [
        {
          type,
          groupId,
          name,
          language: stringOrNull(attributes['LANGUAGE']),
          isDefault: attributes['DEFAULT'] === 'YES',
          autoselect: attributes['AUTOSELECT'] === 'YES',
          channels: stringOrNull(attributes['CHANNELS']),
          uri: stringOrNull(attributes['URI']),
        },
      ];
    }),
    variants: (manifest.playlists ?? []).map((playlist) => {
      const attributes = playlist.attributes;
      return {
        uri: playlist.uri,
        bandwidthBps: numberOrNull(attributes.BANDWIDTH),
        averageBandwidthBps: numberOrNull(attributes['AVERAGE-BANDWIDTH']),
        codecs: stringOrNull(attributes.CODECS),
        resolution: attributes.RESOLUTION ?? null,
        frameRate: numberOrNull(attributes['FRAME-RATE']),
        audioGroupId: stringOrNull(attributes.AUDIO),
        subtitlesGroupId: stringOrNull(attributes.SUBTITLES),
      };
    }),
    warnings,
  };
}

/**
 * Reads a media playlist. Throws ManifestParseError when the text is not a playlist or is a multivariant
 * playlist; anything else is reported as written (URIs not resolved), for the caller to judge.
 */
export function parseMediaPlaylist(text: string): HlsMediaPlaylist {
  const { manifest, warnings } = runParser(text);
  if ((manifest.playlists ?? []).length > 0) {
    throw new ManifestParseError(
      'expected a media playlist, got a multivariant playlist (it lists variants)',
    );
  }
  return {
    version: manifest.version ?? null,
    targetDurationSeconds: manifest.targetDuration ?? null,
    mediaSequence: manifest.mediaSequence ?? null,
    playlistType: manifest.playlistType ?? null,
    independentSegments: manifest.independentSegments === true,
    mapUri: manifest.segments[0]?.map?.uri ?? null,
    segments: manifest.segments.map((segment) => ({ uri: segment.uri, durationSeconds: segment.duration })),
    endList: manifest.endList === true,
    warnings,
  };
}

function runParser(text: string): ParserRun {
  // RFC 8216 section 4.3.1.1: the first line of every playlist is #EXTM3U; m3u8-parser does not check it.
  if (!/^#EXTM3U[ \t]*\r?$/.test(text.split('\n', 1)[0] ?? '')) {
    throw new ManifestParseError('not an HLS playlist: the first line is not #EXTM3U');
  }
  const parser = new Parser();
  const mediaTags: Readonly<Record<string, unknown>>[] = [];
  const warnings: string[] = [];
  parser.on('warn', ({ message }) => warnings.push(message));
  // m3u8-parser keeps only some EXT-X-MEDIA attributes (not CHANNELS); the raw tag events carry them all.
  parser.parseStream.on('data', (entry: unknown) => {
    if (isMediaTagEvent(entry)) mediaTags.push(entry.attributes);
  });
  parser.push(text);
  parser.end();
  return { manifest: parser.manifest, mediaTags, warnings };
}

function isMediaTagEvent(entry: unknown): entry is { attributes: Readonly<Record<string, unknown>> } {
  if (typeof entry !== 'object' || entry === null) return false;
  const event = entry as Readonly<Record<string, unknown>>;
  return (
    event['type'] === 'tag' &&
    event['tagType'] === 'media' &&
    typeof event['attributes'] === 'object' &&
    event['attributes'] !== null
  );
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

// m3u8-parser converts some numeric attributes and leaves others (AVERAGE-BANDWIDTH on STREAM-INF) as text.
function numberOrNull(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  return null;
}
