/**
 * M1-M6: each HLS media playlist against its segments, and the renditions against each other (RFC 8216
 * section 4.3.3, Apple's HLS authoring specification); subtitle playlists against the rules that hold for
 * plain WebVTT segments. Pure.
 */
import { type MediaTime, compareTimes, seconds as timeSeconds, timesWithin } from '../media/media-time.js';
import {
  EXTINF_PRECISION_SECONDS,
  type Track,
  formatSeconds,
  hlsTracks,
  sampleSeconds,
  segmentStartTicks,
  segmentTicks,
} from './tracks.js';
import type { MediaPlaylistSnapshot, PresentationSnapshot } from './snapshot.js';
import { lastPathParts } from './urls.js';
import { type RuleId, type Violation, violation } from './violation.js';

export const MEDIA_PLAYLIST_RULES: readonly RuleId[] = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6'];

/** M2: EXT-X-MAP in a playlist without I-frames needs version 6 (RFC 8216 section 7). */
const MAP_MIN_VERSION = 6;
/** M5: a last segment shorter than this is a tail that should have been merged. */
const MIN_TAIL_SECONDS = 0.5;
/** M6: PCM samples in one AAC frame. */
const AAC_FRAME_SAMPLES = 1024;

type HlsTrack = ReturnType<typeof hlsTracks>[number];

export function checkMediaPlaylistRules(snapshot: PresentationSnapshot): Violation[] {
  const out: Violation[] = [];
  const tracks = hlsTracks(snapshot);
  for (const track of tracks) {
    const playlist = track.playlist.parsed;
    if (playlist === null) {
      if (track.playlist.parseError !== null) {
        out.push(violation('M3', track.name, `not a media playlist: ${track.playlist.parseError}`));
      }
      continue;
    }
    checkPlaylistTags(out, track.name, track.playlist, true);
    checkDurations(out, track);
  }
  checkAlignment(out, tracks);
  // Subtitle playlists list plain WebVTT files: no init segment, so no EXT-X-MAP; the other tag rules hold,
  // and no segment may be empty. Their files have no samples to measure (M4) or align (M6).
  for (const playlist of snapshot.textPlaylists) {
    if (playlist.parsed === null) {
      if (playlist.parseError !== null) {
        out.push(violation('M3', playlist.name, `not a media playlist: ${playlist.parseError}`));
      }
      continue;
    }
    checkPlaylistTags(out, playlist.name, playlist, false);
    playlist.parsed.segments.forEach((segment, index) => {
      if (segment.durationSeconds <= 0) {
        out.push(
          violation('M5', playlist.name, `segment ${index + 1} is empty (EXTINF ${segment.durationSeconds})`),
        );
      }
    });
  }
  return out;
}

/** `isCmaf`: the playlist's segments are fMP4, which needs EXT-X-MAP; a subtitle playlist's are not. */
function checkPlaylistTags(
  out: Violation[],
  subject: string,
  snapshot: MediaPlaylistSnapshot,
  isCmaf: boolean,
): void {
  const playlist = snapshot.parsed;
  if (playlist === null) return;
  const target = playlist.targetDurationSeconds;
  if (target === null) {
    out.push(violation('M1', subject, 'no EXT-X-TARGETDURATION'));
  } else {
    playlist.segments.forEach((segment, index) => {
      const rounded = Math.ceil(segment.durationSeconds);
      if (rounded > target) {
        out.push(
          violation(
            'M1',
            subject,
            `EXT-X-TARGETDURATION ${target} < EXTINF ${segment.durationSeconds} of segment ${index + 1} (rounded up: ${rounded})`,
          ),
        );
      }
    });
  }
  if (playlist.mapUri !== null && (playlist.version === null || playlist.version < MAP_MIN_VERSION)) {
    out.push(
      violation(
        'M2',
        subject,
        `EXT-X-VERSION ${playlist.version ?? 'absent'} with EXT-X-MAP (needs ${MAP_MIN_VERSION}+)`,
      ),
    );
  }
  if (isCmaf && playlist.mapUri === null) {
    out.push(violation('M3', subject, 'no EXT-X-MAP before the first segment'));
  }
  if (playlist.playlistType !== 'VOD') {
    out.push(
      violation('M3', subject, `EXT-X-PLAYLIST-TYPE is ${playlist.playlistType ?? 'absent'}, not VOD`),
    );
  }
  if (!playlist.endList) out.push(violation('M3', subject, 'no EXT-X-ENDLIST'));
  if (snapshot.refetch !== null && snapshot.refetch.text !== snapshot.text) {
    out.push(violation('M3', subject, 'the playlist changed between two fetches'));
  }
}

function checkDurations(out: Violation[], track: HlsTrack): void {
  const { init } = track;
  const frameSeconds = sampleSeconds(track);
  track.segments.forEach((segment, index) => {
    const ticks = segmentTicks(segment.snapshot);
    const where = `segment ${index + 1} (${lastPathParts(segment.url, 2)})`;
    if (segment.declaredSeconds <= 0 || ticks === 0) {
      out.push(violation('M5', track.name, `${where} is empty (EXTINF ${segment.declaredSeconds})`));
      return;
    }
    if (ticks === null || init === null || frameSeconds === null) return;
    const realSeconds = ticks / init.timescale;
    if (Math.abs(segment.declaredSeconds - realSeconds) > frameSeconds + EXTINF_PRECISION_SECONDS) {
      out.push(
        violation(
          'M4',
          track.name,
          `${where}: EXTINF ${segment.declaredSeconds} but its samples last ${formatSeconds(realSeconds)} s (more than one frame, ${formatSeconds(frameSeconds)} s, apart)`,
        ),
      );
    }
  });
  const last = track.segments.at(-1);
  if (track.segments.length > 1 && last !== undefined && last.declaredSeconds > 0) {
    if (last.declaredSeconds < MIN_TAIL_SECONDS) {
      out.push(
        violation(
          'M5',
          track.name,
          `the last segment lasts ${last.declaredSeconds} s, under ${MIN_TAIL_SECONDS} s: merge it into the one before`,
        ),
      );
    }
  }
}

/** M6: keyframe starts, identical video boundaries, audio boundaries within one AAC frame of them. */
function checkAlignment(out: Violation[], tracks: readonly HlsTrack[]): void {
  const video = tracks.filter((track) => track.kind === 'video');
  for (const track of video) {
    track.segments.forEach((segment, index) => {
      const first = segment.snapshot?.fragments[0];
      if (first !== undefined && !first.firstSampleIsSync) {
        out.push(violation('M6', track.name, `segment ${index + 1} does not start with a sync sample (IDR)`));
      }
    });
  }
  const [reference] = video;
  if (reference === undefined) return;
  const referenceStarts = startTimes(reference);
  for (const track of video.slice(1)) {
    if (track.segments.length !== reference.segments.length) {
      out.push(
        violation(
          'M6',
          track.name,
          `${track.segments.length} segments, ${reference.name} has ${reference.segments.length}`,
        ),
      );
      continue;
    }
    const starts = startTimes(track);
    const index = starts.findIndex((start, i) => {
      const other = referenceStarts[i];
      return start !== null && other !== null && other !== undefined && compareTimes(start, other) !== 0;
    });
    if (index !== -1) {
      out.push(
        violation(
          'M6',
          track.name,
          `segment ${index + 1} starts at ${describeTime(starts[index])} s, ${reference.name}'s at ${describeTime(referenceStarts[index])} s`,
        ),
      );
    }
  }
  for (const track of tracks.filter((t) => t.kind === 'audio'))
    checkAudioBoundaries(out, track, reference, referenceStarts);
}

function checkAudioBoundaries(
  out: Violation[],
  audio: Track,
  video: Track,
  videoStarts: readonly (MediaTime | null)[],
): void {
  if (audio.segments.length !== video.segments.length) {
    out.push(
      violation(
        'M6',
        audio.name,
        `${audio.segments.length} audio segments but ${video.segments.length} video segments: audio must be cut on the video boundaries`,
      ),
    );
    return;
  }
  const sampleRateHz = audio.init?.sampleRateHz ?? audio.init?.timescale;
  if (sampleRateHz === undefined || sampleRateHz === 0) return;
  const frame: MediaTime = { ticks: AAC_FRAME_SAMPLES, timescale: sampleRateHz };
  const audioStarts = startTimes(audio);
  for (let index = 1; index < audioStarts.length; index += 1) {
    const a = audioStarts[index];
    const v = videoStarts[index];
    if (a === null || a === undefined || v === null || v === undefined) continue;
    if (!timesWithin(a, v, frame)) {
      const apartMs = Math.abs(timeSeconds(a) - timeSeconds(v)) * 1000;
      out.push(
        violation(
          'M6',
          audio.name,
          `segment ${index + 1} starts at ${describeTime(a)} s, the video's at ${describeTime(v)} s: ${apartMs.toFixed(1)} ms apart, more than one AAC frame (${((1000 * AAC_FRAME_SAMPLES) / sampleRateHz).toFixed(1)} ms)`,
        ),
      );
    }
  }
}

function startTimes(track: Track): (MediaTime | null)[] {
  return track.segments.map((segment) => {
    const ticks = segmentStartTicks(segment.snapshot);
    return ticks === null || track.init === null ? null : { ticks, timescale: track.init.timescale };
  });
}

function describeTime(time: MediaTime | null | undefined): string {
  return time === null || time === undefined ? '?' : formatSeconds(timeSeconds(time));
}
