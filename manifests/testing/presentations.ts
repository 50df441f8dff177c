/**
 * Realistic, self-consistent presentations for tests of anything that renders or serves manifests. Segment
 * facts look like what the packager measures from a CMAF ladder: aligned 2 s video segments with a short
 * tail, AAC segments cut on 1024-sample frame boundaries, sizes that vary per segment, and bandwidths
 * computed from those sizes the way the packager does (peak and average of sizeBytes * 8 / duration).
 */
import type { AudioRendition, FrameRate, Presentation, SegmentFact, VideoRendition } from '../model.js';
import { PRESENTATION_VERSION } from '../model.js';

// Per-segment size factors: real encodes vary with content, so peak and average differ.
const SIZE_FACTORS = [1.0, 1.25, 0.9, 1.1, 0.8, 0.7];
const AAC_FRAME_SAMPLES = 1024;

interface RungSpec {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly codecs: string;
  readonly nominalBps: number;
}

const LADDER: readonly RungSpec[] = [
  { id: '1080p', width: 1920, height: 1080, codecs: 'avc1.640028', nominalBps: 5_000_000 },
  { id: '720p', width: 1280, height: 720, codecs: 'avc1.64001f', nominalBps: 2_800_000 },
  { id: '480p', width: 854, height: 480, codecs: 'avc1.64001f', nominalBps: 1_400_000 },
  { id: '360p', width: 640, height: 360, codecs: 'avc1.64001e', nominalBps: 800_000 },
];

/** Segment boundaries in seconds for five 2 s segments and a 1.4 s tail (11.4 s). */
export const LADDER_BOUNDARIES_SECONDS: readonly number[] = [0, 2, 4, 6, 8, 10, 11.4];

/**
 * Segments of a track whose samples last `sampleTicks` each, cut at the first sample boundary at or after
 * each nominal boundary (how a muxer cuts audio to follow the video's keyframes).
 */
export function segmentsAt(
  boundariesSeconds: readonly number[],
  timescale: number,
  sampleTicks: number,
  nominalBps: number,
): SegmentFact[] {
  const ticks = boundariesSeconds.map(
    (s) => Math.ceil(Math.round(s * timescale) / sampleTicks) * sampleTicks,
  );
  return ticks.slice(1).map((end, index) => {
    const start = ticks[index] ?? 0;
    const factor = SIZE_FACTORS[index % SIZE_FACTORS.length] ?? 1;
    const sizeBytes = Math.round((((nominalBps * factor) / 8) * (end - start)) / timescale);
    return { startTicks: start, durationTicks: end - start, sizeBytes };
  });
}

function bandwidths(segments: readonly SegmentFact[], timescale: number) {
  const rates = segments.map((s) => (s.sizeBytes * 8 * timescale) / s.durationTicks);
  const totalBits = segments.reduce((sum, s) => sum + s.sizeBytes * 8, 0);
  const totalTicks = segments.reduce((sum, s) => sum + s.durationTicks, 0);
  return {
    bandwidthBps: Math.ceil(Math.max(...rates)),
    averageBandwidthBps: Math.ceil((totalBits * timescale) / totalTicks),
  };
}

export function videoRendition(
  rung: RungSpec,
  options: {
    readonly timescale: number;
    readonly frameRate: FrameRate;
    readonly boundariesSeconds: readonly number[];
    readonly audioGroupId?: string;
  },
): VideoRendition {
  const frameTicks = (options.timescale * options.frameRate.den) / options.frameRate.num;
  const segments = segmentsAt(options.boundariesSeconds, options.timescale, frameTicks, rung.nominalBps);
  return {
    type: 'video',
    id: rung.id,
    codecs: rung.codecs,
    timescale: options.timescale,
    ...bandwidths(segments, options.timescale),
    initUri: `${rung.id}/init.mp4`,
    mediaUriTemplate: `${rung.id}/$Number$.m4s`,
    startNumber: 1,
    segments,
    width: rung.width,
    height: rung.height,
    frameRate: options.frameRate,
    ...(options.audioGroupId === undefined ? {} : { audioGroupId: options.audioGroupId }),
    independentSegments: true,
  };
}

export function audioRendition(options: {
  readonly id: string;
  readonly name: string;
  readonly language: string;
  readonly isDefault: boolean;
  readonly boundariesSeconds: readonly number[];
  readonly groupId?: string;
  readonly nominalBps?: number;
}): AudioRendition {
  const timescale = 48_000;
  const segments = segmentsAt(
    options.boundariesSeconds,
    timescale,
    AAC_FRAME_SAMPLES,
    options.nominalBps ?? 128_000,
  );
  return {
    type: 'audio',
    id: options.id,
    codecs: 'mp4a.40.2',
    timescale,
    ...bandwidths(segments, timescale),
    initUri: `${options.id}/init.mp4`,
    mediaUriTemplate: `${options.id}/$Number$.m4s`,
    startNumber: 1,
    segments,
    groupId: options.groupId ?? 'audio',
    name: options.name,
    language: options.language,
    channels: 2,
    sampleRateHz: timescale,
    isDefault: options.isDefault,
  };
}

export function presentation(
  video: readonly VideoRendition[],
  audio: readonly AudioRendition[],
): Presentation {
  const endMs = [...video, ...audio].map((r) => {
    const last = r.segments.at(-1);
    return last === undefined ? 0 : ((last.startTicks + last.durationTicks) * 1000) / r.timescale;
  });
  return {
    version: PRESENTATION_VERSION,
    durationMs: Math.round(Math.max(0, ...endMs)),
    targetSegmentDurationMs: 2000,
    video,
    audio,
  };
}

/** Four H.264 rungs 1080p..360p at 30 fps (timescale 15360) with one English AAC rendition. */
export function ladderPresentation(): Presentation {
  const video = LADDER.map((rung) =>
    videoRendition(rung, {
      timescale: 15_360,
      frameRate: { num: 30, den: 1 },
      boundariesSeconds: LADDER_BOUNDARIES_SECONDS,
      audioGroupId: 'audio',
    }),
  );
  const audio = [
    audioRendition({
      id: 'audio',
      name: 'English',
      language: 'en',
      isDefault: true,
      boundariesSeconds: LADDER_BOUNDARIES_SECONDS,
    }),
  ];
  return presentation(video, audio);
}

/** No video: an English (default) and a French AAC rendition. */
export function audioOnlyPresentation(): Presentation {
  return presentation(
    [],
    [
      audioRendition({
        id: 'audio-en',
        name: 'English',
        language: 'en',
        isDefault: true,
        boundariesSeconds: LADDER_BOUNDARIES_SECONDS,
      }),
      audioRendition({
        id: 'audio-fr',
        name: 'Francais',
        language: 'fr',
        isDefault: false,
        boundariesSeconds: LADDER_BOUNDARIES_SECONDS,
        nominalBps: 96_000,
      }),
    ],
  );
}

/** Two rungs and no audio track at all. */
export function videoOnlyPresentation(): Presentation {
  const video = LADDER.slice(1, 3).map((rung) =>
    videoRendition(rung, {
      timescale: 15_360,
      frameRate: { num: 30, den: 1 },
      boundariesSeconds: LADDER_BOUNDARIES_SECONDS,
    }),
  );
  return presentation(video, []);
}

/** 29.97 fps (30000/1001, timescale 30000): 2.002 s segments of 60 frames and a 1.001 s tail of 30 frames. */
export function ntscPresentation(): Presentation {
  const boundaries = [0, 2.002, 4.004, 6.006, 7.007];
  const video = LADDER.slice(1, 4).map((rung) =>
    videoRendition(rung, {
      timescale: 30_000,
      frameRate: { num: 30_000, den: 1001 },
      boundariesSeconds: boundaries,
      audioGroupId: 'audio',
    }),
  );
  return presentation(video, [
    audioRendition({
      id: 'audio',
      name: 'English',
      language: 'en',
      isDefault: true,
      boundariesSeconds: boundaries,
    }),
  ]);
}
