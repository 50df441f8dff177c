/**
 * H1-H8: the HLS multivariant playlist against what its renditions measure (RFC 8216 section 4.3.4, Apple's
 * HLS authoring specification). Pure: a snapshot in, violations out.
 */
import type { HlsMediaTag, HlsVariant } from '../../manifests/hls/parse.js';
import { checkMediaTags } from './hls-media-tag-rules.js';
import type { PresentationSnapshot, ResponseFacts } from './snapshot.js';
import {
  type Track,
  averageBitrateBps,
  formatSeconds,
  hlsTracks,
  measuredFrameRate,
  peakBitrateBps,
  sampleTotals,
  seconds,
} from './tracks.js';
import { resolveUrl } from './urls.js';
import { type RuleId, type Violation, violation } from './violation.js';

export const HLS_RULES: readonly RuleId[] = ['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'H7', 'H8'];

const HLS_CONTENT_TYPE = 'application/vnd.apple.mpegurl';
/** H2: the measured figures may sit at most this far under what is declared. */
const H2_TOLERANCE = 0.1;

export function checkHlsRules(snapshot: PresentationSnapshot): Violation[] {
  const out: Violation[] = [];
  const { hls } = snapshot;
  checkServedAsPlaylist(out, 'master', hls.response);
  const master = hls.parsed;
  if (master === null) {
    if (hls.parseError !== null)
      out.push(violation('H8', 'master', `not a multivariant playlist: ${hls.parseError}`));
    return out;
  }
  const tracks = hlsTracks(snapshot);
  for (const playlist of [...snapshot.mediaPlaylists, ...snapshot.textPlaylists]) {
    checkServedAsPlaylist(out, playlist.name, playlist.response);
  }
  const trackAt = (uri: string) => {
    const url = resolveUrl(uri, hls.url);
    return tracks.find((track) => track.playlist.url === url);
  };
  const rawLines = streamInfLines(hls.text ?? '');
  checkMediaTags(out, master.media, trackAt);

  for (const variant of master.variants) {
    const track = trackAt(variant.uri);
    const subject = track?.name ?? variant.uri;
    const raw = rawLines.get(variant.uri) ?? '';
    if (/RESOLUTION=0x0\b/.test(raw)) out.push(violation('H7', subject, 'RESOLUTION=0x0 is written'));
    const codecsText = /CODECS="([^"]*)"/.exec(raw)?.[1];
    if (codecsText?.split(',').some((codec) => codec.trim() === '')) {
      out.push(violation('H7', subject, `CODECS="${codecsText}" has an empty entry`));
    }
    if (variant.audioGroupId !== null && audioGroup(master.media, variant.audioGroupId).length === 0) {
      out.push(violation('H5', subject, `AUDIO="${variant.audioGroupId}" names no EXT-X-MEDIA group`));
    }
    const subtitles = variant.subtitlesGroupId;
    if (subtitles !== null && !master.media.some((t) => t.type === 'SUBTITLES' && t.groupId === subtitles)) {
      out.push(violation('H5', subject, `SUBTITLES="${subtitles}" names no EXT-X-MEDIA group`));
    }
    if (track === undefined || track.init === null) continue;
    const audio = audioGroup(master.media, variant.audioGroupId).flatMap((tag) => {
      const audioTrack = tag.uri === null ? undefined : trackAt(tag.uri);
      return audioTrack === undefined ? [] : [audioTrack];
    });
    checkBandwidth(out, subject, variant, track, audio);
    checkCodecs(out, subject, variant, track, audio);
    if (track.kind === 'video') checkVideoAttributes(out, subject, variant, track, raw);
    if (track.kind === 'audio') {
      if (variant.resolution !== null || /RESOLUTION=/.test(raw)) {
        out.push(violation('H7', subject, 'an audio-only variant declares a RESOLUTION'));
      }
      if (variant.codecs !== null && variant.codecs !== track.init.codecs) {
        out.push(
          violation(
            'H7',
            subject,
            `audio-only CODECS "${variant.codecs}", the track is ${track.init.codecs}`,
          ),
        );
      }
    }
  }
  checkIndependentSegments(out, master.independentSegments, tracks);
  return out;
}

function checkServedAsPlaylist(out: Violation[], subject: string, response: ResponseFacts): void {
  if (response.status !== 200) {
    out.push(
      violation(
        'H8',
        subject,
        `answered HTTP ${response.status}${response.error ? ` (${response.error})` : ''}`,
      ),
    );
    return;
  }
  const type = response.headers['content-type'] ?? '(none)';
  if (type.split(';')[0]?.trim().toLowerCase() !== HLS_CONTENT_TYPE) {
    out.push(violation('H8', subject, `served as ${type}, not ${HLS_CONTENT_TYPE}`));
  }
}

function audioGroup(media: readonly HlsMediaTag[], groupId: string | null): HlsMediaTag[] {
  return groupId === null ? [] : media.filter((tag) => tag.type === 'AUDIO' && tag.groupId === groupId);
}

function checkBandwidth(
  out: Violation[],
  subject: string,
  variant: HlsVariant,
  track: Track,
  audio: Track[],
): void {
  const videoPeak = peakBitrateBps(track);
  const audioPeaks = audio.map(peakBitrateBps);
  if (variant.bandwidthBps === null) {
    out.push(violation('H1', subject, 'no BANDWIDTH'));
  } else if (videoPeak !== null && audioPeaks.every((peak) => peak !== null)) {
    const measured = Math.ceil(videoPeak + Math.max(0, ...audioPeaks));
    if (variant.bandwidthBps < measured) {
      out.push(
        violation('H1', subject, `declared BANDWIDTH ${variant.bandwidthBps} < measured peak ${measured}`),
      );
    } else if (measured < (1 - H2_TOLERANCE) * variant.bandwidthBps) {
      out.push(
        violation(
          'H2',
          subject,
          `declared BANDWIDTH ${variant.bandwidthBps} is more than 10% above measured peak ${measured}`,
        ),
      );
    }
  }
  const videoAverage = averageBitrateBps(track);
  const audioAverages = audio.map(averageBitrateBps);
  if (variant.averageBandwidthBps === null || videoAverage === null || audioAverages.some((a) => a === null))
    return;
  const measured = Math.ceil(videoAverage + Math.max(0, ...(audioAverages as number[])));
  if (Math.abs(variant.averageBandwidthBps - measured) > H2_TOLERANCE * measured) {
    out.push(
      violation(
        'H2',
        subject,
        `declared AVERAGE-BANDWIDTH ${variant.averageBandwidthBps} is more than 10% from measured average ${measured}`,
      ),
    );
  }
}

function checkCodecs(
  out: Violation[],
  subject: string,
  variant: HlsVariant,
  track: Track,
  audio: Track[],
): void {
  if (variant.codecs === null) {
    out.push(violation('H3', subject, 'no CODECS'));
    return;
  }
  const declared = new Set(variant.codecs.split(',').map((codec) => codec.trim().toLowerCase()));
  const expected = new Set(
    [track, ...audio].flatMap((t) => (t.init === null ? [] : [t.init.codecs.toLowerCase()])),
  );
  const missing = [...expected].filter((codec) => !declared.has(codec));
  const extra = [...declared].filter((codec) => !expected.has(codec));
  if (missing.length > 0 || extra.length > 0) {
    out.push(
      violation(
        'H3',
        subject,
        `declared CODECS "${variant.codecs}", the init segments say "${[...expected].join(',')}"`,
      ),
    );
  }
}

function checkVideoAttributes(
  out: Violation[],
  subject: string,
  variant: HlsVariant,
  track: Track,
  raw: string,
): void {
  const init = track.init;
  if (init === null) return;
  const size = `${init.width}x${init.height}`;
  if (variant.resolution === null) {
    out.push(violation('H4', subject, `no RESOLUTION (the track is ${size})`));
  } else if (variant.resolution.width !== init.width || variant.resolution.height !== init.height) {
    out.push(
      violation(
        'H4',
        subject,
        `RESOLUTION ${variant.resolution.width}x${variant.resolution.height}, the track is ${size}`,
      ),
    );
  }
  const written = /FRAME-RATE=([0-9.]+)/.exec(raw)?.[1];
  if (variant.frameRate === null || written === undefined) {
    out.push(violation('H4', subject, 'no FRAME-RATE'));
    return;
  }
  if (!/^\d+\.\d{3}$/.test(written)) {
    out.push(violation('H4', subject, `FRAME-RATE=${written} is not written with 3 decimals`));
  }
  const measured = measuredFrameRate(track);
  const { samples, ticks } = sampleTotals(track);
  if (measured === null) return;
  // Within one frame over the whole rendition, plus the rounding to 3 decimals.
  const durationSeconds = seconds(ticks, init);
  const frameError = Math.abs(variant.frameRate * durationSeconds - samples);
  if (frameError > 1 + 0.0005 * durationSeconds) {
    out.push(
      violation(
        'H4',
        subject,
        `FRAME-RATE ${written}, measured ${measured.toFixed(3)} (${samples} frames in ${formatSeconds(durationSeconds)} s)`,
      ),
    );
  }
}

function checkIndependentSegments(
  out: Violation[],
  masterSays: boolean,
  tracks: ReturnType<typeof hlsTracks>,
): void {
  for (const track of tracks) {
    const says = masterSays || track.playlist.parsed?.independentSegments === true;
    if (!says || track.kind !== 'video') continue;
    const index = track.segments.findIndex(
      (segment) =>
        segment.snapshot?.fragments[0] !== undefined && !segment.snapshot.fragments[0].firstSampleIsSync,
    );
    if (index !== -1) {
      const where = masterSays ? 'the master' : 'its playlist';
      out.push(
        violation(
          'H6',
          track.name,
          `${where} says EXT-X-INDEPENDENT-SEGMENTS but segment ${index + 1} does not start with a keyframe`,
        ),
      );
    }
  }
}

/** Attribute text of each EXT-X-STREAM-INF, by the URI line that follows it. */
function streamInfLines(text: string): Map<string, string> {
  const lines = text.split(/\r?\n/);
  const map = new Map<string, string>();
  lines.forEach((line, index) => {
    if (!line.startsWith('#EXT-X-STREAM-INF:')) return;
    const uri = lines.slice(index + 1).find((next) => next.trim() !== '' && !next.startsWith('#'));
    if (uri !== undefined) map.set(uri.trim(), line.slice('#EXT-X-STREAM-INF:'.length));
  });
  return map;
}
