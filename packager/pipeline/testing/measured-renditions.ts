/**
 * Measured renditions as ffmpeg's dash muxer writes them (styp, sidx, then moof + mdat), built from segment
 * durations, for the tests of describePresentation: a two-rung 30 fps ladder with AAC audio and its plan.
 */
import type { LadderPlan, VideoRungPlan } from '../../domain/ladder-plan.js';
import type { InitSegmentInfo } from '../../media/init-segment.js';
import type { MeasuredRendition } from '../../media/measure-rendition.js';
import type { DescribeResult } from '../describe-presentation.js';

export const VIDEO_TIMESCALE = 15360;
export const FRAME_TICKS = 512; // 30 fps at 15360

export function rung(id: string, width: number, height: number): VideoRungPlan {
  return { id, width, height, crf: 23, maxrateBps: 1, bufsizeBits: 1, profile: 'high', level: '4.0' };
}

export function plan(overrides: Partial<LadderPlan> = {}): LadderPlan {
  return {
    frameRate: { num: 30, den: 1 },
    segmentDurationMs: 2000,
    gopFrames: 60,
    video: [rung('720p', 1280, 720), rung('360p', 640, 360)],
    audio: { id: 'audio', bitrateBps: 128000, channels: 2, sampleRateHz: 48000 },
    deinterlace: false,
    toneMap: false,
    x264Preset: 'veryfast',
    ...overrides,
  };
}

export function init(overrides: Partial<InitSegmentInfo>): InitSegmentInfo {
  return {
    brands: ['iso6', 'cmfc', 'mp41'],
    trackCount: 1,
    trackId: 1,
    handler: 'vide',
    timescale: VIDEO_TIMESCALE,
    movieTimescale: 1000,
    codecs: 'avc1.64001f',
    sampleEntryFormat: 'avc1',
    width: 1280,
    height: 720,
    channelCount: null,
    sampleRateHz: null,
    hasMvex: true,
    trex: { sampleDescriptionIndex: 1, sampleDurationTicks: 0, sampleSizeBytes: 0, sampleFlags: 0 },
    editList: [],
    sampleCount: 0,
    ...overrides,
  };
}

export interface SegmentSpec {
  /** Duration in ticks; the sample count follows from the frame or AAC frame size. */
  readonly ticks: number;
  readonly sizeBytes?: number;
  readonly start?: number;
  readonly sync?: boolean;
  /** The sidx's referenced_size, when it should not be the bytes after it (a sidx that cannot be grown). */
  readonly sidxReferencedBytes?: number;
}

/** ffmpeg's dash segment layout: styp (24 bytes), sidx (52 bytes), then moof + mdat from byte 76. */
export const STYP_BYTES = 24;
export const SIDX_BYTES = 52;
export const MOOF_OFFSET = STYP_BYTES + SIDX_BYTES;

export function rendition(
  id: string,
  type: 'video' | 'audio',
  info: InitSegmentInfo,
  specs: readonly SegmentSpec[],
): MeasuredRendition {
  let next = 0;
  const sampleTicks = type === 'video' ? FRAME_TICKS : 1024;
  return {
    id,
    type,
    initPath: `/out/${id}/init.m4s`,
    init: info,
    segments: specs.map((spec, index) => {
      const start = spec.start ?? next;
      next = start + spec.ticks;
      const sizeBytes = spec.sizeBytes ?? 100_000;
      return {
        path: `/out/${id}/chunk-${index + 1}.m4s`,
        sizeBytes,
        segmentIndexes: [
          {
            offsetBytes: STYP_BYTES,
            sizeBytes: SIDX_BYTES,
            timescale: info.timescale,
            firstOffsetBytes: 0,
            references: [
              {
                referenceType: 0,
                referencedSizeBytes: spec.sidxReferencedBytes ?? sizeBytes - MOOF_OFFSET,
                subsegmentDuration: spec.ticks,
                offsetBytes: STYP_BYTES + 32,
              },
            ],
          },
        ],
        fragments: [
          {
            sequenceNumber: index + 1,
            baseMediaDecodeTime: start,
            tfdtField: { offsetBytes: 152, widthBytes: 8 },
            sampleCount: Math.round(spec.ticks / sampleTicks),
            durationTicks: spec.ticks,
            firstSampleIsSync: spec.sync ?? true,
            presentationOffsetTicks: 0,
            offsetBytes: MOOF_OFFSET,
            sizeBytes: sizeBytes - MOOF_OFFSET,
          },
        ],
      };
    }),
  };
}

export const seconds = (s: number) => s * VIDEO_TIMESCALE;
export const audioInit = init({
  handler: 'soun',
  timescale: 48000,
  codecs: 'mp4a.40.2',
  width: null,
  height: null,
  channelCount: 2,
  sampleRateHz: 48000,
});
export const video720 = (specs: readonly SegmentSpec[]) => rendition('720p', 'video', init({}), specs);
export const video360 = (specs: readonly SegmentSpec[]) =>
  rendition('360p', 'video', init({ width: 640, height: 360, codecs: 'avc1.64001e' }), specs);
export const audio = (ticks: readonly number[]) =>
  rendition(
    'audio',
    'audio',
    audioInit,
    ticks.map((t) => ({ ticks: t, sizeBytes: 32_000 })),
  );

export const threeSegments = [{ ticks: seconds(2) }, { ticks: seconds(2) }, { ticks: seconds(1) }];
// Audio cut one AAC frame or less from each video boundary: 94 frames = 2.0053 s, 93 frames = 1.984 s.
export const alignedAudio = [94 * 1024, 93 * 1024, 48 * 1024];

/** The described presentation, or a thrown error naming the rule that refused it. */
export function expectOk(result: DescribeResult) {
  if (!result.ok) throw new Error(`expected ok, got: ${result.message}`);
  return result;
}
