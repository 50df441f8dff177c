import type {
  AudioRendition,
  FrameRate,
  Presentation,
  Rendition,
  SubtitleTrack,
  VideoRendition,
} from '../model.js';
import { renditionEndMs } from '../model.js';
import type { UriResolver } from '../uri.js';
import { millisecondsToIsoDuration } from './duration.js';
import { segmentTimeline } from './segment-timeline.js';
import { escapeXmlAttribute, templateUri, xmlAttributes } from './xml.js';

// isoff-live: SegmentTemplate addressing of separate init and media segments; cmaf:2019: the segments are
// CMAF (cmfc brand), which lets DASH and HLS share them (D6).
const PROFILES = 'urn:mpeg:dash:profile:isoff-live:2011,urn:mpeg:dash:profile:cmaf:2019';
const CHANNEL_CONFIGURATION_SCHEME = 'urn:mpeg:dash:23003:3:audio_channel_configuration:2011';
const ROLE_SCHEME = 'urn:mpeg:dash:role:2011';
const NUMBER_IDENTIFIER = '$Number$';

/**
 * The static MPD of a presentation: one Period, one video AdaptationSet (all rungs switchable) and one audio
 * AdaptationSet per distinct audio track, every Representation addressed by SegmentTemplate + SegmentTimeline
 * built from the measured segment facts. Init and media URIs are passed through `resolve`; the resolved media
 * URI must still hold `$Number$` (throws otherwise). Same input, same bytes.
 */
export function renderMpd(p: Presentation, resolve: UriResolver): string {
  const renditions: readonly Rendition[] = [...p.video, ...p.audio];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<MPD${xmlAttributes([
      ['xmlns', 'urn:mpeg:dash:schema:mpd:2011'],
      // D1: VOD: the whole presentation exists and the MPD never changes.
      ['type', 'static'],
      ['profiles', PROFILES],
      // D1/D4: the end of the longest timeline, so the last segment of every rendition lies inside it.
      ['mediaPresentationDuration', millisecondsToIsoDuration(presentationDurationMs(p, renditions))],
      // Every segment downloads within its own duration at @bandwidth (a peak), so buffering the longest
      // segment is enough to play on without stalling.
      ['minBufferTime', millisecondsToIsoDuration(longestSegmentMs(renditions))],
    ])}>`,
    // One Period from the start: every timeline is relative to 0 (D4).
    `  <Period${xmlAttributes([
      ['id', '0'],
      ['start', 'PT0S'],
    ])}>`,
  ];
  let adaptationSetId = 0;
  if (p.video.length > 0) lines.push(...videoAdaptationSet(adaptationSetId++, p.video, resolve));
  const defaultAudio = p.audio.find((audio) => audio.isDefault);
  for (const track of audioTracks(p.audio)) {
    const isMain = defaultAudio !== undefined && track.includes(defaultAudio);
    lines.push(...audioAdaptationSet(adaptationSetId++, track, isMain, resolve));
  }
  const durationMs = presentationDurationMs(p, renditions);
  for (const subtitle of p.subtitles ?? []) {
    lines.push(...textAdaptationSet(adaptationSetId++, subtitle, durationMs, resolve));
  }
  lines.push('  </Period>', '</MPD>');
  return `${lines.join('\n')}\n`;
}

function videoAdaptationSet(id: number, videos: readonly VideoRendition[], resolve: UriResolver): string[] {
  const fastest = videos.reduce((a, b) =>
    b.frameRate.num / b.frameRate.den > a.frameRate.num / a.frameRate.den ? b : a,
  );
  // No @par: rungs scaled with scale=-2 differ from the exact aspect ratio by a pixel, so one value would be
  // false for some of them.
  const lines = [
    `    <AdaptationSet${xmlAttributes([
      ['id', id],
      ['contentType', 'video'],
      ['mimeType', 'video/mp4'],
      // D2/M6: all rungs cut at the same times, so players switch at segment boundaries.
      ['segmentAlignment', 'true'],
      // SAP type 1 (closed GOP, IDR first) is only true when every segment starts with a sync sample.
      ...(videos.every((video) => video.independentSegments) ? [['startWithSAP', 1] as const] : []),
      ['maxWidth', Math.max(...videos.map((video) => video.width))],
      ['maxHeight', Math.max(...videos.map((video) => video.height))],
      ['maxFrameRate', dashFrameRate(fastest.frameRate)],
    ])}>`,
  ];
  for (const video of videos) {
    lines.push(
      `      <Representation${xmlAttributes([
        ['id', video.id],
        ['codecs', video.codecs],
        ['width', video.width],
        ['height', video.height],
        ['frameRate', dashFrameRate(video.frameRate)],
        // D2: @bandwidth is the peak segment bitrate, the same figure HLS declares.
        ['bandwidth', Math.ceil(video.bandwidthBps)],
        // D2: the ladder scales with square pixels (setsar=1).
        ['sar', '1:1'],
      ])}>`,
      ...segmentTemplate(video, resolve, '        '),
      '      </Representation>',
    );
  }
  lines.push('    </AdaptationSet>');
  return lines;
}

function audioAdaptationSet(
  id: number,
  track: readonly AudioRendition[],
  isMain: boolean,
  resolve: UriResolver,
): string[] {
  const first = track[0];
  if (first === undefined) return [];
  const lines = [
    `    <AdaptationSet${xmlAttributes([
      ['id', id],
      ['contentType', 'audio'],
      ['mimeType', 'audio/mp4'],
      // D2: players pick audio by language.
      ['lang', first.language],
      ['segmentAlignment', 'true'],
      // Every AAC frame is a sync sample, so every audio segment starts with SAP type 1.
      ['startWithSAP', 1],
    ])}>`,
  ];
  // DASH-IF IOP: Role main marks the track players choose when the user has no preference.
  if (isMain)
    lines.push(
      `      <Role${xmlAttributes([
        ['schemeIdUri', ROLE_SCHEME],
        ['value', 'main'],
      ])}/>`,
    );
  for (const audio of track) {
    lines.push(
      `      <Representation${xmlAttributes([
        ['id', audio.id],
        ['codecs', audio.codecs],
        ['bandwidth', Math.ceil(audio.bandwidthBps)],
        ['audioSamplingRate', audio.sampleRateHz],
      ])}>`,
      // D2: the channel count, in the scheme every DASH player reads (ISO/IEC 23003-3 channel configuration).
      `        <AudioChannelConfiguration${xmlAttributes([
        ['schemeIdUri', CHANNEL_CONFIGURATION_SCHEME],
        ['value', audio.channels],
      ])}/>`,
      ...segmentTemplate(audio, resolve, '        '),
      '      </Representation>',
    );
  }
  lines.push('    </AdaptationSet>');
  return lines;
}

// A side-loaded WebVTT file (DASH-IF IOP 6.4.5): a text AdaptationSet whose one Representation is the whole
// file at its BaseURL, no segment addressing; every DASH player fetches and parses it as one subtitle file.
function textAdaptationSet(
  id: number,
  subtitle: SubtitleTrack,
  durationMs: number,
  resolve: UriResolver,
): string[] {
  const seconds = Math.max(durationMs / 1000, 0.001);
  return [
    `    <AdaptationSet${xmlAttributes([
      ['id', id],
      ['contentType', 'text'],
      ['mimeType', 'text/vtt'],
      // Players pick subtitles by language.
      ['lang', subtitle.language],
    ])}>`,
    // Role subtitle: a text track the viewer turns on; players list it with its Label.
    `      <Role${xmlAttributes([
      ['schemeIdUri', ROLE_SCHEME],
      ['value', 'subtitle'],
    ])}/>`,
    `      <Label>${escapeXmlAttribute(subtitle.name)}</Label>`,
    // @bandwidth is mandatory: the file's average bit rate over the presentation.
    `      <Representation${xmlAttributes([
      ['id', subtitle.id],
      ['bandwidth', Math.max(1, Math.ceil((subtitle.sizeBytes * 8) / seconds))],
    ])}>`,
    `        <BaseURL>${escapeXmlAttribute(resolve(subtitle.uri))}</BaseURL>`,
    '      </Representation>',
    '    </AdaptationSet>',
  ];
}

// D3: one addressing mode everywhere: SegmentTemplate with $Number$ and an explicit SegmentTimeline (no
// @duration), because measured segment durations vary (tail segments, AAC frame boundaries).
function segmentTemplate(rendition: Rendition, resolve: UriResolver, indent: string): string[] {
  const media = resolve(rendition.mediaUriTemplate);
  if (!media.includes(NUMBER_IDENTIFIER)) {
    throw new Error(`the resolved media template of ${rendition.id} lost its ${NUMBER_IDENTIFIER}: ${media}`);
  }
  const lines = [
    `${indent}<SegmentTemplate${xmlAttributes([
      ['timescale', rendition.timescale],
      ['initialization', templateUri(resolve(rendition.initUri), false)],
      ['media', templateUri(media, true)],
      ['startNumber', rendition.startNumber],
    ])}>`,
    `${indent}  <SegmentTimeline>`,
  ];
  for (const entry of segmentTimeline(rendition.segments)) {
    lines.push(
      `${indent}    <S${xmlAttributes([
        ...(entry.startTicks === null ? [] : [['t', entry.startTicks] as const]),
        ['d', entry.durationTicks],
        ...(entry.repeat === 0 ? [] : [['r', entry.repeat] as const]),
      ])}/>`,
    );
  }
  lines.push(`${indent}  </SegmentTimeline>`, `${indent}</SegmentTemplate>`);
  return lines;
}

// Audio renditions that differ only in bit rate (same language, name and codec) form one switching set;
// anything else is a separate track the user chooses, so it gets its own AdaptationSet.
function audioTracks(audio: readonly AudioRendition[]): AudioRendition[][] {
  const tracks = new Map<string, AudioRendition[]>();
  for (const rendition of audio) {
    const key = JSON.stringify([rendition.language, rendition.name, rendition.codecs]);
    tracks.set(key, [...(tracks.get(key) ?? []), rendition]);
  }
  return [...tracks.values()];
}

// ISO/IEC 23009-1 FrameRateType: an integer, or num/den for fractional rates (30000/1001, never 29.97).
function dashFrameRate(rate: FrameRate): string {
  const divisor = gcd(rate.num, rate.den);
  const num = rate.num / divisor;
  const den = rate.den / divisor;
  return den === 1 ? String(num) : `${num}/${den}`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function presentationDurationMs(p: Presentation, renditions: readonly Rendition[]): number {
  const endMs = Math.max(0, ...renditions.map(renditionEndMs));
  // The timelines are the truth; durationMs only covers a presentation with no segment at all.
  return endMs > 0 ? Math.round(endMs) : Math.max(0, Math.round(p.durationMs));
}

function longestSegmentMs(renditions: readonly Rendition[]): number {
  let longestMs = 0;
  for (const rendition of renditions) {
    for (const segment of rendition.segments) {
      longestMs = Math.max(longestMs, (segment.durationTicks * 1000) / rendition.timescale);
    }
  }
  return Math.ceil(longestMs);
}
