import type { AudioRendition, Presentation, VideoRendition } from '../model.js';
import { framesPerSecond } from '../model.js';
import type { UriResolver } from '../uri.js';
import { HLS_PLAYLIST_VERSION, mediaPlaylistPath } from './media.js';
import { quotedString, uriLine } from './quoted-string.js';
import { subtitleGroupId, subtitleMediaLines } from './subtitles.js';

interface Variant {
  readonly bandwidthBps: number;
  readonly lines: readonly [string, string];
}

/**
 * The multivariant (master) playlist: one EXT-X-MEDIA per audio rendition and one variant per video
 * rendition, or one variant per audio rendition when the presentation has no video (H7). Variant URIs are
 * `resolve(mediaPlaylistPath(id))`. Same input, same bytes.
 *
 * Throws when the presentation contradicts itself: a video rendition names an audio group that has no
 * rendition, or two renditions of one group share a NAME (H5 has no way to write either).
 */
export function renderMasterPlaylist(p: Presentation, resolve: UriResolver): string {
  const lines = ['#EXTM3U', `#EXT-X-VERSION:${HLS_PLAYLIST_VERSION}`];
  // H6: only when every video segment starts with a sync sample. Vacuously true for audio-only, where every
  // AAC frame is a sync sample.
  if (p.video.every((video) => video.independentSegments)) lines.push('#EXT-X-INDEPENDENT-SEGMENTS');

  const groups = audioGroups(p.audio);
  // Subtitle renditions (side-loaded WebVTT): one group, named by every variant.
  const subtitles = subtitleGroupId(p);
  if (p.video.length === 0) {
    lines.push(...subtitleMediaLines(p, resolve));
    // Audio-only variants are different tracks, not bit rates of one: the default goes first because Apple
    // players start with the first variant listed; the others keep the presentation's order.
    const ordered = [...p.audio.filter((a) => a.isDefault), ...p.audio.filter((a) => !a.isDefault)];
    for (const audio of ordered) lines.push(...audioOnlyVariant(audio, resolve, subtitles));
  } else {
    for (const [groupId, renditions] of groups) lines.push(...audioMediaLines(groupId, renditions, resolve));
    lines.push(...subtitleMediaLines(p, resolve));
    const variants = p.video.map((video) => videoVariant(video, groups, resolve, subtitles));
    // Lowest bandwidth first: Apple players start with the first variant listed (TN2224), and a low start
    // plays at once before any bandwidth estimate exists; hls.js, dash.js and shaka sort levels themselves.
    // Array.prototype.sort is stable, so equal bandwidths keep the presentation's order (deterministic).
    variants.sort((a, b) => a.bandwidthBps - b.bandwidthBps);
    for (const variant of variants) lines.push(...variant.lines);
  }
  return `${lines.join('\n')}\n`;
}

function audioGroups(audio: readonly AudioRendition[]): Map<string, AudioRendition[]> {
  const groups = new Map<string, AudioRendition[]>();
  for (const rendition of audio) {
    const group = groups.get(rendition.groupId) ?? [];
    if (group.some((other) => other.name === rendition.name)) {
      throw new Error(`audio group ${rendition.groupId} has two renditions named ${rendition.name}`);
    }
    group.push(rendition);
    groups.set(rendition.groupId, group);
  }
  return groups;
}

function audioMediaLines(
  groupId: string,
  renditions: readonly AudioRendition[],
  resolve: UriResolver,
): string[] {
  // H5: at most one DEFAULT=YES per group: the first rendition marked default wins.
  const defaultRendition = renditions.find((rendition) => rendition.isDefault);
  return renditions.map((rendition) => {
    const attributes = [
      'TYPE=AUDIO',
      `GROUP-ID=${quotedString(groupId, 'audio group id')}`,
      `NAME=${quotedString(rendition.name, 'audio name')}`,
      // H5: LANGUAGE is the BCP-47 tag players match against the user's preferences.
      `LANGUAGE=${quotedString(rendition.language, 'audio language')}`,
      `DEFAULT=${rendition === defaultRendition ? 'YES' : 'NO'}`,
      // Any rendition may be chosen automatically by language; RFC 8216 requires YES when DEFAULT=YES.
      'AUTOSELECT=YES',
      // H5: Apple's authoring spec requires CHANNELS on audio renditions (count of channels, quoted).
      `CHANNELS=${quotedString(String(rendition.channels), 'channel count')}`,
      `URI=${quotedString(resolve(mediaPlaylistPath(rendition.id)), 'audio playlist URI')}`,
    ];
    return `#EXT-X-MEDIA:${attributes.join(',')}`;
  });
}

function videoVariant(
  video: VideoRendition,
  groups: ReadonlyMap<string, readonly AudioRendition[]>,
  resolve: UriResolver,
  subtitles: string | null,
): Variant {
  const audio = video.audioGroupId === undefined ? [] : (groups.get(video.audioGroupId) ?? []);
  if (video.audioGroupId !== undefined && audio.length === 0) {
    throw new Error(
      `video rendition ${video.id} names audio group ${video.audioGroupId}, which has no rendition`,
    );
  }
  // H1/H2: a variant plays video plus one rendition of its group, so the worst case adds the largest one.
  const bandwidthBps = Math.ceil(video.bandwidthBps) + maxOf(audio, (a) => Math.ceil(a.bandwidthBps));
  const averageBandwidthBps =
    Math.ceil(video.averageBandwidthBps) + maxOf(audio, (a) => Math.ceil(a.averageBandwidthBps));
  // H3: video codec, then every distinct codec of its audio group.
  const codecs = [...new Set([video.codecs, ...audio.map((a) => a.codecs)])].join(',');
  const attributes = [
    `BANDWIDTH=${bandwidthBps}`,
    `AVERAGE-BANDWIDTH=${averageBandwidthBps}`,
    `CODECS=${quotedString(codecs, 'codecs')}`,
    // H4: the display size of the rendition.
    `RESOLUTION=${video.width}x${video.height}`,
    // H4: three decimals, so 30000/1001 reads 29.970 as Apple's authoring spec asks.
    `FRAME-RATE=${framesPerSecond(video.frameRate).toFixed(3)}`,
  ];
  if (video.audioGroupId !== undefined) {
    attributes.push(`AUDIO=${quotedString(video.audioGroupId, 'audio group id')}`);
  }
  if (subtitles !== null) attributes.push(`SUBTITLES=${quotedString(subtitles, 'subtitle group id')}`);
  // RFC 8216 4.3.4.2: NONE declares there are no CEA-608/708 captions (no empty CC menu); every variant of a
  // video presentation carries it, as the RFC requires once one does.
  attributes.push('CLOSED-CAPTIONS=NONE');
  return {
    bandwidthBps,
    lines: [
      `#EXT-X-STREAM-INF:${attributes.join(',')}`,
      uriLine(resolve(mediaPlaylistPath(video.id)), 'variant URI'),
    ],
  };
}

// H7: an audio-only variant carries its audio codec and no RESOLUTION or FRAME-RATE.
function audioOnlyVariant(
  audio: AudioRendition,
  resolve: UriResolver,
  subtitles: string | null,
): [string, string] {
  const attributes = [
    `BANDWIDTH=${Math.ceil(audio.bandwidthBps)}`,
    `AVERAGE-BANDWIDTH=${Math.ceil(audio.averageBandwidthBps)}`,
    `CODECS=${quotedString(audio.codecs, 'codecs')}`,
  ];
  if (subtitles !== null) attributes.push(`SUBTITLES=${quotedString(subtitles, 'subtitle group id')}`);
  return [
    `#EXT-X-STREAM-INF:${attributes.join(',')}`,
    uriLine(resolve(mediaPlaylistPath(audio.id)), 'variant URI'),
  ];
}

function maxOf<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((max, item) => Math.max(max, value(item)), 0);
}
