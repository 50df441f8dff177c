/**
 * F1-F6: the fMP4 / CMAF segments themselves (ISO/IEC 23000-19, ISO/IEC 14496-12), read by the packager's
 * ISO-BMFF reader: one track per file, CMAF init segments, continuous decode times, one timescale per
 * switching set, closed GOPs that fit the segments, audio and video starting together. Pure.
 */
import { presentationTimeOf } from '../media/ladder-rules.js';
import { type MediaTime, seconds as timeSeconds, timesWithin } from '../media/media-time.js';
import type { SampleInfo } from '../media/track-fragment.js';
import type { PresentationSnapshot } from './snapshot.js';
import {
  type Track,
  formatSeconds,
  hlsTracks,
  dashTracks,
  renditionTracks,
  sampleSeconds,
} from './tracks.js';
import { lastPathParts, resolveUrl } from './urls.js';
import { type RuleId, type Violation, violation } from './violation.js';

export const CMAF_RULES: readonly RuleId[] = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6'];

export function checkCmafRules(snapshot: PresentationSnapshot): Violation[] {
  const out: Violation[] = [];
  const tracks = renditionTracks(snapshot);
  checkInits(out, snapshot, tracks);
  checkRoles(out, snapshot);
  for (const track of tracks) checkDecodeTimes(out, track);
  const video = tracks.filter((track) => track.kind === 'video');
  const audio = tracks.filter((track) => track.kind === 'audio');
  checkSwitchingSet(out, video);
  checkSwitchingSet(out, audio);
  for (const track of video) checkGops(out, track);
  const [reference] = video;
  if (reference !== undefined) for (const track of audio) checkStartTogether(out, reference, track);
  return out;
}

function checkInits(out: Violation[], snapshot: PresentationSnapshot, tracks: readonly Track[]): void {
  for (const init of snapshot.inits.values()) {
    const subject = tracks.find((track) => track.initUrl === init.url)?.name ?? lastPathParts(init.url, 2);
    const info = init.info;
    if (info === null) {
      out.push(
        violation('F2', subject, `init segment ${lastPathParts(init.url, 2)} is unreadable: ${init.error}`),
      );
      continue;
    }
    if (info.trackCount !== 1)
      out.push(violation('F1', subject, `the init segment holds ${info.trackCount} tracks, not 1`));
    if (!info.brands.includes('cmfc')) {
      out.push(violation('F2', subject, `ftyp brands [${info.brands.join(', ')}] lack the CMAF brand cmfc`));
    }
    if (!info.hasMvex) out.push(violation('F2', subject, 'moov has no mvex: the file is not fragmented'));
    else if (info.trex === null)
      out.push(violation('F2', subject, `mvex has no trex for track ${info.trackId}`));
    if (info.sampleCount !== 0)
      out.push(violation('F2', subject, `moov lists ${info.sampleCount} samples; it must list none`));
  }
}

/** F1: separate renditions per kind: what a manifest calls audio holds a sound track, video a visual one. */
function checkRoles(out: Violation[], snapshot: PresentationSnapshot): void {
  const master = snapshot.hls.parsed;
  for (const track of hlsTracks(snapshot)) {
    const isAudioMedia = master?.media.some(
      (tag) =>
        tag.type === 'AUDIO' &&
        tag.uri !== null &&
        resolveUrl(tag.uri, snapshot.hls.url) === track.playlist.url,
    );
    const isVideoVariant = master?.variants.some(
      (variant) =>
        variant.resolution !== null && resolveUrl(variant.uri, snapshot.hls.url) === track.playlist.url,
    );
    if (isAudioMedia === true && track.kind !== 'audio' && track.kind !== 'unknown') {
      out.push(violation('F1', track.name, `an EXT-X-MEDIA audio rendition holds a ${track.kind} track`));
    }
    if (isVideoVariant === true && track.kind !== 'video' && track.kind !== 'unknown') {
      out.push(violation('F1', track.name, `a variant with a RESOLUTION holds a ${track.kind} track`));
    }
  }
  const sets = snapshot.dash.parsed?.adaptationSets ?? [];
  for (const track of dashTracks(snapshot)) {
    const set = sets.find((candidate) => candidate.representations.includes(track.representation));
    const declared =
      set?.contentType ?? (set?.mimeType ?? track.representation.mimeType)?.split('/')[0] ?? null;
    if (declared !== null && track.kind !== 'unknown' && declared !== track.kind) {
      out.push(violation('F1', track.name, `the ${declared} AdaptationSet holds a ${track.kind} track`));
    }
  }
}

/** F3: every fragment has a tfdt, and each starts where the previous one ended. */
function checkDecodeTimes(out: Violation[], track: Track): void {
  let expected: number | null = null;
  for (const [index, segment] of track.segments.entries()) {
    const where = `segment ${index + 1} (${lastPathParts(segment.url, 2)})`;
    const snapshot = segment.snapshot;
    if (snapshot === undefined) continue;
    if (snapshot.error !== null) {
      const rule = /'traf' boxes/.test(snapshot.error) ? 'F1' : 'F3';
      out.push(violation(rule, track.name, `${where} is unreadable: ${snapshot.error}`));
      expected = null;
      continue;
    }
    for (const fragment of snapshot.fragments) {
      const start = fragment.baseMediaDecodeTime;
      if (start === null) {
        out.push(violation('F3', track.name, `${where}: fragment ${fragment.sequenceNumber} has no tfdt`));
        expected = null;
        break;
      }
      if (expected !== null && start !== expected) {
        const kind = start > expected ? 'a gap' : 'an overlap';
        out.push(
          violation(
            'F3',
            track.name,
            `${where} starts at tfdt ${start} but the previous fragment ends at ${expected}: ${kind} of ${Math.abs(start - expected)} ticks`,
          ),
        );
      }
      expected = start + fragment.durationTicks;
    }
  }
  if (expected !== null && !Number.isSafeInteger(expected)) {
    out.push(violation('F4', track.name, `the track ends at tick ${expected}, not below 2^53`));
  }
}

/** F4: one timescale and one edit list across a switching set. */
function checkSwitchingSet(out: Violation[], tracks: readonly Track[]): void {
  const [first] = tracks;
  if (first?.init == null) return;
  for (const track of tracks.slice(1)) {
    if (track.init === null) continue;
    if (track.init.timescale !== first.init.timescale) {
      out.push(
        violation(
          'F4',
          track.name,
          `timescale ${track.init.timescale}, ${first.name} has ${first.init.timescale}`,
        ),
      );
    }
    if (JSON.stringify(track.init.editList) !== JSON.stringify(first.init.editList)) {
      out.push(violation('F4', track.name, `its edit list differs from ${first.name}'s`));
    }
  }
}

/**
 * F5: closed GOPs (no sample presented before the sync sample that opens its GOP), all of one length that
 * equals or divides the segment duration. The last GOP of the track may be shorter.
 */
function checkGops(out: Violation[], track: Track): void {
  const gops: { lengthTicks: number; segment: number }[] = [];
  track.segments.forEach((segment, index) => {
    const samples: SampleInfo[] = (segment.snapshot?.samples ?? []).flat();
    if (samples.length === 0 || samples[0]?.isSync !== true) return; // M6 reports segments without an IDR
    let decode = 0;
    let gopStart = 0;
    let syncPresentation = 0;
    samples.forEach((sample, position) => {
      const presentation = decode + sample.compositionOffsetTicks;
      if (sample.isSync) {
        if (position > 0) gops.push({ lengthTicks: decode - gopStart, segment: index });
        gopStart = decode;
        syncPresentation = presentation;
      } else if (presentation < syncPresentation) {
        out.push(
          violation(
            'F5',
            track.name,
            `segment ${index + 1}: sample ${position + 1} is presented before its GOP's sync sample (open GOP)`,
          ),
        );
      }
      decode += sample.durationTicks;
    });
    gops.push({ lengthTicks: decode - gopStart, segment: index });
  });
  const nominal = gops[0]?.lengthTicks;
  if (nominal === undefined || track.init === null) return;
  const timescale = track.init.timescale;
  const lastSegment = track.segments.length - 1;
  gops.slice(0, -1).forEach((gop, position) => {
    if (gop.lengthTicks !== nominal) {
      out.push(
        violation(
          'F5',
          track.name,
          `GOP ${position + 1} (segment ${gop.segment + 1}) lasts ${formatSeconds(gop.lengthTicks / timescale)} s, the first one ${formatSeconds(nominal / timescale)} s`,
        ),
      );
    }
  });
  track.segments.forEach((segment, index) => {
    const ticks = (segment.snapshot?.fragments ?? []).reduce(
      (sum, fragment) => sum + fragment.durationTicks,
      0,
    );
    if (index === lastSegment || ticks === 0 || ticks % nominal === 0) return;
    out.push(
      violation(
        'F5',
        track.name,
        `segment ${index + 1} lasts ${formatSeconds(ticks / timescale)} s, not a multiple of the ${formatSeconds(nominal / timescale)} s GOP`,
      ),
    );
  });
}

/** F6: first presentation times of audio and video, edit lists applied, less than one video frame apart. */
function checkStartTogether(out: Violation[], video: Track, audio: Track): void {
  const videoStart = firstPresentation(video);
  const audioStart = firstPresentation(audio);
  const frameSeconds = sampleSeconds(video);
  if (videoStart === null || audioStart === null || frameSeconds === null) return;
  const frame: MediaTime = { ticks: Math.round(frameSeconds * 1_000_000), timescale: 1_000_000 };
  if (!timesWithin(audioStart, videoStart, frame, true)) {
    out.push(
      violation(
        'F6',
        audio.name,
        `audio starts at ${formatSeconds(timeSeconds(audioStart))} s and ${video.name} at ${formatSeconds(timeSeconds(videoStart))} s: one video frame (${(frameSeconds * 1000).toFixed(1)} ms) or more apart`,
      ),
    );
  }
}

function firstPresentation(track: Track): MediaTime | null {
  const fragment = track.segments[0]?.snapshot?.fragments[0];
  if (track.init === null || fragment?.baseMediaDecodeTime == null) return null;
  return presentationTimeOf(track.init, fragment.baseMediaDecodeTime + fragment.presentationOffsetTicks);
}
