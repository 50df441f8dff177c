/**
 * The describe stage: measured segment facts -> a validated Presentation plus the file layout the publish
 * stage uploads. Pure. A broken rule is a packager bug (the transcoder produced something that is not a
 * conformant CMAF ladder), reported as `transcode_failed` with the rule id of CONFORMANCE.md and the values.
 */
import type { AudioRendition, Presentation, SegmentFact, VideoRendition } from '../../manifests/model.js';
import { PRESENTATION_VERSION } from '../../manifests/model.js';
import { isAppError } from '../domain/errors.js';
import type { LadderPlan } from '../domain/ladder-plan.js';
import type { MeasuredRendition } from '../media/measure-rendition.js';
import {
  type TimedRendition,
  checkAudioBoundaries,
  checkInitSegment,
  checkSafeTicks,
  checkStartTogether,
  checkVideoSet,
} from '../media/ladder-rules.js';
import { type MediaTime, compareTimes, ticksIn } from '../media/media-time.js';
import {
  buildTimeline,
  endTicks,
  measureBandwidths,
  mergeLastTwo,
  ruleViolation,
  shiftTimeline,
} from '../media/segment-timeline.js';

/** The files of one output segment: one, or several to be joined with appendFragments (a merged tail). */
export interface SegmentFiles {
  readonly files: readonly string[];
  /** Bytes of the published object: the file's size, or the joined size (never the sum of the files). */
  readonly sizeBytes: number;
}

export interface RenditionFiles {
  /** Local path of the init segment. */
  readonly init: string;
  /** Index i is published as segment number startNumber + i. */
  readonly segments: readonly SegmentFiles[];
}

/** Per rendition id: which local files become which published objects. */
export type SegmentLayout = Readonly<Record<string, RenditionFiles>>;

export type DescribeResult =
  | { readonly ok: true; readonly presentation: Presentation; readonly layout: SegmentLayout }
  | { readonly ok: false; readonly code: 'transcode_failed'; readonly message: string };

/** M5: a last segment shorter than this is merged into the one before it. */
const MIN_TAIL: MediaTime = { ticks: 500, timescale: 1000 };
export const AUDIO_GROUP_ID = 'audio';

/**
 * Checks the measured renditions against the plan and the CMAF/HLS/DASH rules, starts the timeline at 0,
 * merges a short tail (M5), and derives bandwidths from segment sizes. Rule violations come back as
 * `{ ok: false }`; anything else thrown is a bug and propagates.
 */
export function describePresentation(
  measured: readonly MeasuredRendition[],
  plan: LadderPlan,
): DescribeResult {
  try {
    return { ok: true, ...describeOrThrow(measured, plan) };
  } catch (error) {
    if (isAppError(error) && error.code === 'transcode_failed') {
      return { ok: false, code: 'transcode_failed', message: error.message };
    }
    throw error;
  }
}

function describeOrThrow(measured: readonly MeasuredRendition[], plan: LadderPlan) {
  const inputs = matchPlan(measured, plan);
  for (const rendition of measured) checkInitSegment(rendition);
  const timed = (rendition: MeasuredRendition): TimedRendition => ({
    measured: rendition,
    timeline: buildTimeline(rendition),
  });
  let video = inputs.video.map(timed);
  let audio = inputs.audio ? timed(inputs.audio) : null;
  checkVideoSet(video, plan);
  if (audio && video[0]) checkStartTogether(video[0], audio, plan.frameRate);

  // On the decode times as written: those are what players read from the segments.
  for (const track of [...video, ...(audio ? [audio] : [])]) checkSafeTicks(track);

  ({ video, audio } = startAtZero(video, audio));
  ({ video, audio } = mergeTails(video, audio));
  if (audio && video[0]) checkAudioBoundaries(video[0], audio);
  const all = [...video, ...(audio ? [audio] : [])];

  const presentation: Presentation = {
    version: PRESENTATION_VERSION,
    durationMs: Math.max(...all.map(durationMs)),
    targetSegmentDurationMs: plan.segmentDurationMs,
    video: video
      .map((track) => videoRendition(track, plan, audio !== null))
      .sort((a, b) => b.bandwidthBps - a.bandwidthBps),
    audio: audio ? [audioRendition(audio)] : [],
  };
  const layout: Record<string, RenditionFiles> = {};
  for (const { measured: rendition, timeline } of all) {
    layout[rendition.id] = {
      init: rendition.initPath,
      segments: timeline.map(({ parts, sizeBytes }) => ({
        files: parts.map((part) => part.path),
        sizeBytes,
      })),
    };
  }
  return { presentation, layout };
}

/** Every planned rendition was produced once with the planned type, and nothing else was. */
function matchPlan(
  measured: readonly MeasuredRendition[],
  plan: LadderPlan,
): { video: MeasuredRendition[]; audio: MeasuredRendition | null } {
  const byId = new Map<string, MeasuredRendition>();
  for (const rendition of measured) {
    if (byId.has(rendition.id)) throw ruleViolation('F1', `rendition ${rendition.id} was produced twice`);
    byId.set(rendition.id, rendition);
  }
  const take = (id: string, type: 'video' | 'audio'): MeasuredRendition => {
    const rendition = byId.get(id);
    if (!rendition)
      throw ruleViolation('plan', `the plan has ${type} rendition ${id} but the transcoder produced none`);
    if (rendition.type !== type) {
      throw ruleViolation('plan', `rendition ${id} was planned as ${type} but is ${rendition.type}`);
    }
    byId.delete(id);
    return rendition;
  };
  const video = plan.video.map((rung) => take(rung.id, 'video'));
  const audio = plan.audio ? take(plan.audio.id, 'audio') : null;
  const [unplanned] = byId.keys();
  if (unplanned !== undefined) {
    throw ruleViolation('plan', `the transcoder produced rendition ${unplanned}, which is not in the plan`);
  }
  if (video.length === 0 && !audio) throw ruleViolation('plan', 'the plan has no rendition to describe');
  return { video, audio };
}

/**
 * SegmentFact times are relative to the presentation start. ffmpeg starts every tfdt at 0 today, but an
 * offset (-copyts, a source whose streams start late) would make players wait or show a gap before the
 * first frame, so the earliest first decode time across renditions becomes 0 everywhere (rounded down in
 * each rendition's timescale, so no start becomes negative).
 */
function startAtZero(
  video: TimedRendition[],
  audio: TimedRendition | null,
): { video: TimedRendition[]; audio: TimedRendition | null } {
  const starts = [...video, ...(audio ? [audio] : [])].map(firstStart);
  const earliest = starts.reduce((a, b) => (compareTimes(a, b) <= 0 ? a : b));
  const shift = (track: TimedRendition): TimedRendition => ({
    ...track,
    timeline: shiftTimeline(track.timeline, ticksIn(earliest, track.measured.init.timescale)),
  });
  return { video: video.map(shift), audio: audio ? shift(audio) : null };
}

/**
 * M5: a last segment under 0.5 s (the video's, or the audio's in an audio-only presentation) is merged into
 * the one before it in every rendition, so segment boundaries stay aligned across renditions. An audio
 * rendition may also carry one extra tiny segment past the video's last boundary (the AAC frames that overhang
 * the last video frame); that one is merged on its own.
 */
function mergeTails(
  video: TimedRendition[],
  audio: TimedRendition | null,
): { video: TimedRendition[]; audio: TimedRendition | null } {
  const merge = (track: TimedRendition): TimedRendition => ({
    ...track,
    timeline: mergeLastTwo(track.timeline, track.measured.init.timescale),
  });
  const videoCount = video[0]?.timeline.length ?? null;
  if (audio && videoCount !== null && audio.timeline.length === videoCount + 1 && isShortTail(audio)) {
    audio = merge(audio);
  }
  const driver = video[0] ?? audio;
  if (!driver || driver.timeline.length < 2 || !isShortTail(driver)) return { video, audio };
  // Audio that has no boundary near the video's last one keeps its segments; the alignment check decides.
  const mergeAudio = audio !== null && (videoCount === null || audio.timeline.length === videoCount);
  return { video: video.map(merge), audio: audio && mergeAudio ? merge(audio) : audio };
}

function isShortTail(track: TimedRendition): boolean {
  const last = track.timeline[track.timeline.length - 1];
  return (
    last !== undefined &&
    compareTimes({ ticks: last.durationTicks, timescale: track.measured.init.timescale }, MIN_TAIL) < 0
  );
}

function firstStart(track: TimedRendition): MediaTime {
  return { ticks: track.timeline[0]?.startTicks ?? 0, timescale: track.measured.init.timescale };
}

function durationMs(track: TimedRendition): number {
  return Math.ceil((endTicks(track.timeline) * 1000) / track.measured.init.timescale);
}

function segmentFacts(track: TimedRendition): SegmentFact[] {
  return track.timeline.map(({ startTicks, durationTicks, sizeBytes }) => ({
    startTicks,
    durationTicks,
    sizeBytes,
  }));
}

function common(track: TimedRendition) {
  const { id, init } = track.measured;
  return {
    id,
    codecs: init.codecs,
    timescale: init.timescale,
    ...measureBandwidths(track.timeline, init.timescale),
    ...renditionUris(id),
    segments: segmentFacts(track),
  };
}

/** Where a rendition's objects live in its revision (the declared presentation uses the same). */
export function renditionUris(id: string) {
  return { initUri: `${id}/init.mp4`, mediaUriTemplate: `${id}/$Number$.m4s`, startNumber: 1 } as const;
}

function videoRendition(track: TimedRendition, plan: LadderPlan, hasAudio: boolean): VideoRendition {
  return {
    ...common(track),
    type: 'video',
    width: track.measured.init.width ?? 0,
    height: track.measured.init.height ?? 0,
    frameRate: plan.frameRate,
    ...(hasAudio ? { audioGroupId: AUDIO_GROUP_ID } : {}),
    // checkVideoSet refused any segment that does not start with a sync sample.
    independentSegments: true,
  };
}

function audioRendition(track: TimedRendition): AudioRendition {
  const { init, id } = track.measured;
  if (init.channelCount === null || init.sampleRateHz === null || init.sampleRateHz === 0) {
    throw ruleViolation('D2', `audio rendition ${id} does not say its channel count or sample rate`);
  }
  return {
    ...common(track),
    type: 'audio',
    groupId: AUDIO_GROUP_ID,
    name: 'Main',
    language: 'und',
    channels: init.channelCount,
    sampleRateHz: init.sampleRateHz,
    isDefault: true,
  };
}
