/**
 * D1-D6: the DASH MPD against its segments and against the HLS playlists (ISO/IEC 23009-1, DASH-IF IOP);
 * side-loaded text AdaptationSets in dash-text-rules.ts. Pure.
 */
import { type DashTrack, checkAdaptationSet, checkRepresentation } from './dash-representation-rules.js';
import { checkTextAdaptationSets } from './dash-text-rules.js';
import type { PresentationSnapshot } from './snapshot.js';
import {
  dashTracks,
  formatSeconds,
  hlsTracks,
  sampleSeconds,
  segmentStartTicks,
  segmentTicks,
} from './tracks.js';
import { lastPathParts } from './urls.js';
import { type RuleId, type Violation, violation } from './violation.js';

export const DASH_RULES: readonly RuleId[] = ['D1', 'D2', 'D3', 'D4', 'D5', 'D6'];

const DASH_CONTENT_TYPE = 'application/dash+xml';
/** D1: xs:duration written in seconds only. */
const SECONDS_DURATION = /^PT\d+(\.\d+)?S$/;
const DURATION_ATTRIBUTE =
  /\b(mediaPresentationDuration|minBufferTime|maxSegmentDuration|start|duration)="(P[^"]*)"/g;

export function checkDashRules(snapshot: PresentationSnapshot): Violation[] {
  const out: Violation[] = [];
  const { dash } = snapshot;
  if (dash.response.status !== 200) {
    out.push(
      violation(
        'D5',
        'mpd',
        `answered HTTP ${dash.response.status}${dash.response.error ? ` (${dash.response.error})` : ''}`,
      ),
    );
    return out;
  }
  const type = dash.response.headers['content-type'] ?? '(none)';
  if (type.split(';')[0]?.trim().toLowerCase() !== DASH_CONTENT_TYPE) {
    out.push(violation('D5', 'mpd', `served as ${type}, not ${DASH_CONTENT_TYPE}`));
  }
  const mpd = dash.parsed;
  if (mpd === null) {
    out.push(violation('D1', 'mpd', `not a readable MPD: ${dash.parseError ?? 'no body'}`));
    return out;
  }
  if (mpd.type !== 'static') out.push(violation('D1', 'mpd', `type is ${mpd.type ?? 'absent'}, not static`));
  if (mpd.durationSeconds === null) out.push(violation('D1', 'mpd', 'no mediaPresentationDuration'));
  for (const [, name, value] of (dash.text ?? '').matchAll(DURATION_ATTRIBUTE)) {
    if (value !== undefined && !SECONDS_DURATION.test(value)) {
      out.push(violation('D1', 'mpd', `${name}="${value}" is not written in seconds (PT12.5S)`));
    }
  }
  if (dash.refetch !== null && dash.refetch.text !== dash.text) {
    out.push(violation('D1', 'mpd', 'the static MPD changed between two fetches'));
  }
  if (
    /<SegmentTemplate\b[^>]*\sduration="/.test(dash.text ?? '') &&
    /<SegmentTimeline\b/.test(dash.text ?? '')
  ) {
    out.push(violation('D3', 'mpd', 'a SegmentTemplate has @duration next to a SegmentTimeline'));
  }

  const tracks = dashTracks(snapshot);
  for (const set of mpd.adaptationSets) {
    const setTracks = tracks.filter((track) => set.representations.includes(track.representation));
    checkAdaptationSet(out, set, setTracks);
  }
  // Renditions cannot all end on one instant (AAC frames are not video frames, and AAC priming adds one):
  // a Representation may end up to two of the longest codec frames of the period before its end.
  const endToleranceSeconds = 2 * Math.max(0, ...tracks.map((track) => sampleSeconds(track) ?? 0));
  for (const track of tracks) {
    checkRepresentation(out, track);
    checkTimeline(out, track, mpd.durationSeconds, endToleranceSeconds);
  }
  checkSameObjects(out, snapshot, tracks);
  checkTextAdaptationSets(out, snapshot);
  return out;
}

/** D3 (no gaps or overlaps; times match tfdt and sample durations) and D4 (covers the period from 0). */
function checkTimeline(
  out: Violation[],
  track: DashTrack,
  periodSeconds: number | null,
  endToleranceSeconds: number,
): void {
  const { init, name } = track;
  const segments = track.representation.segments;
  if (init === null || segments.length === 0) return;
  const tick = 1 / init.timescale;
  const tolerance = tick / 2 + 1e-9;
  segments.forEach((segment, index) => {
    const next = segments[index + 1];
    const where = `segment ${index + 1} (${lastPathParts(segment.uri, 2)})`;
    if (next !== undefined) {
      const end = segment.startSeconds + segment.durationSeconds;
      if (Math.abs(next.startSeconds - end) > tolerance) {
        const kind = next.startSeconds > end ? 'a gap' : 'an overlap';
        out.push(
          violation(
            'D3',
            name,
            `${kind} in the SegmentTimeline after ${where}: it ends at ${formatSeconds(end)} s, the next starts at ${formatSeconds(next.startSeconds)} s`,
          ),
        );
      }
    }
    const snapshot = track.segments[index]?.snapshot;
    const tfdt = segmentStartTicks(snapshot);
    if (tfdt !== null && Math.abs(segment.startSeconds - tfdt * tick) > tolerance) {
      out.push(
        violation(
          'D3',
          name,
          `${where}: the timeline says ${formatSeconds(segment.startSeconds)} s, its tfdt ${formatSeconds(tfdt * tick)} s`,
        ),
      );
    }
    const ticks = segmentTicks(snapshot);
    if (ticks !== null && Math.abs(segment.durationSeconds - ticks * tick) > tolerance) {
      out.push(
        violation(
          'D3',
          name,
          `${where}: the timeline says it lasts ${formatSeconds(segment.durationSeconds)} s, its samples ${formatSeconds(ticks * tick)} s`,
        ),
      );
    }
  });
  const first = segments[0];
  if (first !== undefined && first.startSeconds > tolerance) {
    out.push(
      violation('D4', name, `starts at ${formatSeconds(first.startSeconds)} s: a leading gap in the period`),
    );
  }
  const last = segments.at(-1);
  if (last === undefined || periodSeconds === null) return;
  const end = last.startSeconds + last.durationSeconds;
  if (periodSeconds - end > endToleranceSeconds + tolerance) {
    out.push(
      violation(
        'D4',
        name,
        `ends at ${formatSeconds(end)} s, the period at ${formatSeconds(periodSeconds)} s`,
      ),
    );
  }
}

/**
 * D6: one CMAF set, two manifests: each media Representation names exactly the objects of one HLS media
 * playlist (the one with its init segment).
 */
function checkSameObjects(
  out: Violation[],
  snapshot: PresentationSnapshot,
  tracks: readonly DashTrack[],
): void {
  if (snapshot.hls.parsed === null) return;
  const playlists = hlsTracks(snapshot);
  for (const track of tracks) {
    const playlist = playlists.find((candidate) => candidate.initUrl === track.initUrl);
    if (playlist === undefined) {
      out.push(
        violation('D6', track.name, `no HLS playlist uses its init segment ${track.initUrl ?? '(none)'}`),
      );
      continue;
    }
    const dashUrls = track.segments.map((segment) => segment.url);
    const hlsUrls = playlist.segments.map((segment) => segment.url);
    const index = dashUrls.findIndex((url, i) => url !== hlsUrls[i]);
    if (dashUrls.length !== hlsUrls.length) {
      out.push(
        violation(
          'D6',
          track.name,
          `${dashUrls.length} segments in the MPD, ${hlsUrls.length} in ${playlist.name}.m3u8`,
        ),
      );
    } else if (index !== -1) {
      out.push(
        violation(
          'D6',
          track.name,
          `segment ${index + 1} is ${dashUrls[index]} in the MPD but ${hlsUrls[index]} in HLS`,
        ),
      );
    }
  }
  for (const playlist of playlists) {
    if (!tracks.some((track) => track.initUrl === playlist.initUrl)) {
      out.push(violation('D6', playlist.name, 'no Representation of the MPD uses its segments'));
    }
  }
}
