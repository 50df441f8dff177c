/**
 * The CONFORMANCE.md rules a transcoded CMAF ladder must meet before it is described: each check throws a
 * `transcode_failed` AppError naming the rule and the values found. Pure.
 */
import type { FrameRate } from '../../manifests/model.js';
import type { LadderPlan } from '../domain/ladder-plan.js';
import type { InitSegmentInfo } from './init-segment.js';
import type { MeasuredRendition } from './measure-rendition.js';
import { type MediaTime, seconds, timesWithin } from './media-time.js';
import { type TimelineSegment, endTicks, ruleViolation } from './segment-timeline.js';

/** A measured rendition with its segment timeline. */
export interface TimedRendition {
  readonly measured: MeasuredRendition;
  readonly timeline: readonly TimelineSegment[];
}

/** M6: audio boundaries may sit up to one AAC frame from the video boundaries. */
const AAC_FRAME_SAMPLES = 1024;

/** F1 and F2: a CMAF init segment with one track of the expected kind, `mvex`, and no samples of its own. */
export function checkInitSegment(rendition: MeasuredRendition): void {
  const { id, init } = rendition;
  const expectedHandler = rendition.type === 'video' ? 'vide' : 'soun';
  if (!init.brands.includes('cmfc')) {
    throw ruleViolation('F2', `init segment of ${id} has brands [${init.brands.join(', ')}], without cmfc`);
  }
  if (init.trackCount !== 1)
    throw ruleViolation('F1', `init segment of ${id} has ${init.trackCount} tracks, not 1`);
  if (init.handler !== expectedHandler) {
    throw ruleViolation('F1', `${rendition.type} rendition ${id} holds a '${init.handler}' track`);
  }
  if (!init.hasMvex) throw ruleViolation('F2', `init segment of ${id} has no mvex: it is not fragmented`);
  if (init.sampleCount !== 0) {
    throw ruleViolation(
      'F2',
      `init segment of ${id} lists ${init.sampleCount} samples in stbl; it must list none`,
    );
  }
  if (rendition.segments.length === 0) throw ruleViolation('F3', `rendition ${id} has no media segment`);
}

/**
 * M6, F4, H4 for the video switching set: one timescale and edit list, the same segment count and start
 * times, every segment starting with a sync sample, the planned size, and the planned frame rate.
 */
export function checkVideoSet(video: readonly TimedRendition[], plan: LadderPlan): void {
  const [reference] = video;
  if (!reference) return;
  const { measured: first } = reference;
  // The switching set as a whole first, so a message names the rendition that differs from the others.
  for (const { measured, timeline } of video) {
    const { id, init } = measured;
    if (init.timescale !== first.init.timescale) {
      throw ruleViolation(
        'M6',
        `video ${id} has timescale ${init.timescale}, ${first.id} has ${first.init.timescale}`,
      );
    }
    if (JSON.stringify(init.editList) !== JSON.stringify(first.init.editList)) {
      throw ruleViolation('F4', `video ${id} has a different edit list from ${first.id}`);
    }
    if (timeline.length !== reference.timeline.length) {
      throw ruleViolation(
        'M6',
        `video ${id} has ${timeline.length} segments, ${first.id} has ${reference.timeline.length}`,
      );
    }
    timeline.forEach((segment, index) => {
      const expected = reference.timeline[index]?.startTicks;
      if (segment.startTicks !== expected) {
        throw ruleViolation(
          'M6',
          `video ${id} segment ${index + 1} starts at ${segment.startTicks}, ${first.id}'s at ${expected}`,
        );
      }
    });
  }
  for (const { measured, timeline } of video) {
    const { id, init } = measured;
    const notSync = timeline.findIndex((segment) => !segment.firstSampleIsSync);
    if (notSync !== -1)
      throw ruleViolation('M6', `video ${id} segment ${notSync + 1} does not start with a sync sample`);
    const rung = plan.video.find((candidate) => candidate.id === id);
    if (rung && (init.width !== rung.width || init.height !== rung.height)) {
      throw ruleViolation(
        'H4',
        `video ${id} is ${init.width}x${init.height}, the plan asked for ${rung.width}x${rung.height}`,
      );
    }
    checkFrameRate(measured, plan.frameRate);
  }
}

/** H4: the measured rate (samples over decode time) is the planned one, within one frame over the rendition. */
function checkFrameRate(measured: MeasuredRendition, rate: FrameRate): void {
  let samples = 0;
  let ticks = 0;
  for (const segment of measured.segments) {
    for (const fragment of segment.fragments) {
      samples += fragment.sampleCount;
      ticks += fragment.durationTicks;
    }
  }
  const timescale = measured.init.timescale;
  const expected: MediaTime = { ticks: samples * rate.den, timescale: rate.num };
  if (!timesWithin({ ticks, timescale }, expected, { ticks: rate.den, timescale: rate.num })) {
    const measuredFps = ticks === 0 ? 0 : (samples * timescale) / ticks;
    throw ruleViolation(
      'H4',
      `video ${measured.id} has ${samples} frames in ${(ticks / timescale).toFixed(3)} s (${measuredFps.toFixed(3)} fps), ` +
        `the plan says ${(rate.num / rate.den).toFixed(3)} fps`,
    );
  }
}

/** Presentation time of the first sample: decode time, composition offset, then the edit list applied. */
export function presentationStart(track: TimedRendition): MediaTime {
  const first = track.timeline[0];
  return presentationTimeOf(
    track.measured.init,
    (first?.startTicks ?? 0) + (first?.presentationOffsetTicks ?? 0),
  );
}

/**
 * The presentation time of a media time (decode time plus composition offset, in track ticks) once the
 * track's edit list is applied: empty edits delay it, the first media edit moves its start to 0.
 */
export function presentationTimeOf(
  init: Pick<InitSegmentInfo, 'editList' | 'timescale' | 'movieTimescale'>,
  mediaTicks: number,
): MediaTime {
  let ticks = mediaTicks;
  let emptyMovieTicks = 0;
  for (const edit of init.editList) {
    if (edit.mediaTimeTicks === -1) {
      emptyMovieTicks += edit.segmentDurationTicks;
      continue;
    }
    ticks -= edit.mediaTimeTicks;
    break;
  }
  ticks += Math.round((emptyMovieTicks * init.timescale) / init.movieTimescale);
  return { ticks, timescale: init.timescale };
}

/** F6: audio and video start within one video frame of each other, after composition offsets and edit lists. */
export function checkStartTogether(video: TimedRendition, audio: TimedRendition, rate: FrameRate): void {
  const videoStart = presentationStart(video);
  const audioStart = presentationStart(audio);
  if (!timesWithin(audioStart, videoStart, { ticks: rate.den, timescale: rate.num }, true)) {
    throw ruleViolation(
      'F6',
      `audio starts at ${seconds(audioStart).toFixed(4)} s and video at ${seconds(videoStart).toFixed(4)} s, ` +
        `one video frame (${((1000 * rate.den) / rate.num).toFixed(1)} ms) or more apart`,
    );
  }
}

/** M6: as many audio segments as video ones, each audio boundary within one AAC frame of the video's. */
export function checkAudioBoundaries(video: TimedRendition, audio: TimedRendition): void {
  const { id, init } = audio.measured;
  const sampleRateHz = init.sampleRateHz ?? init.timescale;
  const frame: MediaTime = { ticks: AAC_FRAME_SAMPLES, timescale: sampleRateHz };
  if (audio.timeline.length !== video.timeline.length) {
    throw ruleViolation(
      'M6',
      `audio ${id} has ${audio.timeline.length} segments but video has ${video.timeline.length}: ` +
        `audio must be cut on the video's segment boundaries`,
    );
  }
  for (let index = 1; index < video.timeline.length; index += 1) {
    const videoStart: MediaTime = {
      ticks: video.timeline[index]?.startTicks ?? 0,
      timescale: video.measured.init.timescale,
    };
    const audioStart: MediaTime = {
      ticks: audio.timeline[index]?.startTicks ?? 0,
      timescale: init.timescale,
    };
    if (!timesWithin(audioStart, videoStart, frame)) {
      const apartMs = (Math.abs(seconds(audioStart) - seconds(videoStart)) * 1000).toFixed(1);
      throw ruleViolation(
        'M6',
        `audio segment ${index + 1} starts at ${seconds(audioStart).toFixed(4)} s but video segment ${index + 1} at ` +
          `${seconds(videoStart).toFixed(4)} s: ${apartMs} ms apart, more than one AAC frame ` +
          `(${AAC_FRAME_SAMPLES} samples = ${((1000 * AAC_FRAME_SAMPLES) / sampleRateHz).toFixed(1)} ms)`,
        { segment: index + 1, audioStartTicks: audioStart.ticks, videoStartTicks: videoStart.ticks },
      );
    }
  }
}

/** F4: every tick value of the rendition stays an exact integer in a double (timescale x duration < 2^53). */
export function checkSafeTicks(track: TimedRendition): void {
  const end = endTicks(track.timeline);
  if (!Number.isSafeInteger(end)) {
    throw ruleViolation('F4', `rendition ${track.measured.id} ends at tick ${end}, not below 2^53`);
  }
}
