/**
 * The provisional presentation of a revision whose encode has only begun (segment-level progressive
 * publish). Pure. Every segment is declared from the plan: the video is constant frame rate (the fps filter)
 * with a forced keyframe every gopFrames frames, so each segment but the last is exactly gopFrames frames;
 * the audio is cut at the first AAC frame at or after each video boundary (args.ts). The codecs, timescales
 * and sizes come from the init segments already written.
 *
 * Only the last segment is an estimate (the number of frames the source ends with, and the M5 tail merge
 * that follows from it), and bandwidths are the rungs' caps: the measured presentation replaces this one when
 * the revision is final. Players read sizes nowhere, so declared segment sizes are 0.
 */
import type { AudioRendition, Presentation, SegmentFact, VideoRendition } from '../../manifests/model.js';
import { PRESENTATION_VERSION, renditionEndMs } from '../../manifests/model.js';
import { durationFrames, framesToMs } from '../domain/frame-rate.js';
import type { LadderPlan } from '../domain/ladder-plan.js';
import type { InitSegmentInfo } from '../media/init-segment.js';
import { AUDIO_GROUP_ID, renditionUris } from './describe-presentation.js';

/** M5, as describe-presentation applies it: a last segment under this is merged into the one before. */
const MIN_TAIL_MS = 500;
const AAC_FRAME_SAMPLES = 1024;

export interface DeclarationInput {
  readonly plan: LadderPlan;
  /** The source's duration as probed. */
  readonly durationMs: number;
  /** The init segment of every planned rendition, by rendition id. */
  readonly inits: ReadonlyMap<string, InitSegmentInfo>;
}

/** The declared presentation, or null when the plan has no video (audio-only sources are not declared). */
export function declarePresentation(input: DeclarationInput): Presentation | null {
  const { plan } = input;
  const { num, den } = plan.frameRate;
  if (plan.video.length === 0 || num <= 0 || den <= 0 || plan.gopFrames <= 0) return null;
  const segmentFrames = declaredSegmentFrames(plan, input.durationMs);
  // Boundaries in seconds from the start, the last one being the end.
  const ends: number[] = [];
  let total = 0;
  for (const count of segmentFrames) ends.push(((total += count) * den) / num);

  const video = plan.video.map((rung): VideoRendition => {
    const init = initOf(input, rung.id);
    const frameTicks = (init.timescale * den) / num;
    return {
      id: rung.id,
      type: 'video',
      codecs: init.codecs,
      timescale: init.timescale,
      bandwidthBps: rung.maxrateBps,
      averageBandwidthBps: rung.maxrateBps,
      ...renditionUris(rung.id),
      segments: timeline(segmentFrames.map((count) => Math.round(count * frameTicks))),
      width: init.width ?? rung.width,
      height: init.height ?? rung.height,
      frameRate: plan.frameRate,
      ...(plan.audio ? { audioGroupId: AUDIO_GROUP_ID } : {}),
      independentSegments: true,
    };
  });
  const audio: AudioRendition[] = [];
  if (plan.audio) {
    const init = initOf(input, plan.audio.id);
    const sampleRate = init.sampleRateHz ?? plan.audio.sampleRateHz;
    const frameTicks = (AAC_FRAME_SAMPLES * init.timescale) / sampleRate;
    // Each boundary at the first whole AAC frame at or after the video's; the end one frame later: the
    // encoder's priming frame stays in the track (no edit list). Declared short of the encoded audio, the
    // period would end before the media, and dash.js ends playback itself there, paused short of the end.
    const boundaries = ends.map((seconds) => Math.ceil((seconds * init.timescale) / frameTicks) * frameTicks);
    boundaries[boundaries.length - 1] = (boundaries[boundaries.length - 1] ?? 0) + frameTicks;
    audio.push({
      id: plan.audio.id,
      type: 'audio',
      codecs: init.codecs,
      timescale: init.timescale,
      bandwidthBps: plan.audio.bitrateBps,
      averageBandwidthBps: plan.audio.bitrateBps,
      ...renditionUris(plan.audio.id),
      segments: timeline(boundaries.map((end, index) => end - (boundaries[index - 1] ?? 0))),
      groupId: AUDIO_GROUP_ID,
      name: 'Main',
      language: 'und',
      channels: init.channelCount ?? plan.audio.channels,
      sampleRateHz: sampleRate,
      isDefault: true,
    });
  }
  return {
    version: PRESENTATION_VERSION,
    // As describe-presentation states it: the end of the longest rendition.
    durationMs: Math.ceil(Math.max(...[...video, ...audio].map(renditionEndMs))),
    targetSegmentDurationMs: plan.segmentDurationMs,
    video: [...video].sort((a, b) => b.bandwidthBps - a.bandwidthBps),
    audio,
    provisional: true,
  };
}

/**
 * How many segments each rendition of the plan is declared with (they all have the same boundaries): the
 * parts of a chunked run hold back the last one, as progressive publish does.
 */
export function declaredSegmentCount(
  plan: Pick<LadderPlan, 'frameRate' | 'gopFrames'>,
  durationMs: number,
): number {
  return declaredSegmentFrames(plan, durationMs).length;
}

function declaredSegmentFrames(plan: Pick<LadderPlan, 'frameRate' | 'gopFrames'>, durationMs: number) {
  return segmentFrameCounts(durationFrames(durationMs, plan.frameRate), plan.gopFrames, (count) =>
    framesToMs(count, plan.frameRate),
  );
}

/** Frames per segment: whole GOPs, the rest in the last, which M5 merges into the one before when short. */
function segmentFrameCounts(frames: number, gopFrames: number, toMs: (count: number) => number) {
  const counts: number[] = [];
  for (let left = frames; left > 0; left -= gopFrames) counts.push(Math.min(gopFrames, left));
  const last = counts[counts.length - 1] ?? 0;
  if (counts.length >= 2 && toMs(last) < MIN_TAIL_MS) counts.splice(-2, 2, gopFrames + last);
  return counts;
}

function timeline(durations: readonly number[]): SegmentFact[] {
  let start = 0;
  return durations.map((durationTicks) => {
    const fact = { startTicks: start, durationTicks, sizeBytes: 0 };
    start += durationTicks;
    return fact;
  });
}

function initOf(input: DeclarationInput, id: string): InitSegmentInfo {
  const init = input.inits.get(id);
  if (!init) throw new Error(`no init segment was read for rendition ${id}`);
  return init;
}
