import { describe, expect, it } from 'vitest';
import type { LadderPlan, VideoRungPlan } from '../domain/ladder-plan.js';
import type { InitSegmentInfo } from '../media/init-segment.js';
import type { MeasuredRendition } from '../media/measure-rendition.js';
import { type DescribeResult, describePresentation } from './describe-presentation.js';

const VIDEO_TIMESCALE = 15360;
const FRAME_TICKS = 512; // 30 fps at 15360

function rung(id: string, width: number, height: number): VideoRungPlan {
  return { id, width, height, crf: 23, maxrateBps: 1, bufsizeBits: 1, profile: 'high', level: '4.0' };
}

function plan(overrides: Partial<LadderPlan> = {}): LadderPlan {
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

function init(overrides: Partial<InitSegmentInfo>): InitSegmentInfo {
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

interface SegmentSpec {
  /** Duration in ticks; the sample count follows from the frame or AAC frame size. */
  readonly ticks: number;
  readonly sizeBytes?: number;
  readonly start?: number;
  readonly sync?: boolean;
  /** The sidx's referenced_size, when it should not be the bytes after it (a sidx that cannot be grown). */
  readonly sidxReferencedBytes?: number;
}

/** ffmpeg's dash segment layout: styp (24 bytes), sidx (52 bytes), then moof + mdat from byte 76. */
const STYP_BYTES = 24;
const SIDX_BYTES = 52;
const MOOF_OFFSET = STYP_BYTES + SIDX_BYTES;

function rendition(
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

const seconds = (s: number) => s * VIDEO_TIMESCALE;
const audioInit = init({
  handler: 'soun',
  timescale: 48000,
  codecs: 'mp4a.40.2',
  width: null,
  height: null,
  channelCount: 2,
  sampleRateHz: 48000,
});
const video720 = (specs: readonly SegmentSpec[]) => rendition('720p', 'video', init({}), specs);
const video360 = (specs: readonly SegmentSpec[]) =>
  rendition('360p', 'video', init({ width: 640, height: 360, codecs: 'avc1.64001e' }), specs);
const audio = (ticks: readonly number[]) =>
  rendition(
    'audio',
    'audio',
    audioInit,
    ticks.map((t) => ({ ticks: t, sizeBytes: 32_000 })),
  );

function expectOk(result: DescribeResult) {
  if (!result.ok) throw new Error(`expected ok, got: ${result.message}`);
  return result;
}

function expectRejected(result: DescribeResult, pattern: RegExp): void {
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.code).toBe('transcode_failed');
    expect(result.message).toMatch(pattern);
  }
}

describe('describePresentation', () => {
  const threeSegments = [{ ticks: seconds(2) }, { ticks: seconds(2) }, { ticks: seconds(1) }];
  // Audio cut one AAC frame or less from each video boundary: 94 frames = 2.0053 s, 93 frames = 1.984 s.
  const alignedAudio = [94 * 1024, 93 * 1024, 48 * 1024];

  it('describes an aligned ladder: ids, URIs, codecs, groups, order and duration', () => {
    const { presentation, layout } = expectOk(
      describePresentation([video360(threeSegments), video720(threeSegments), audio(alignedAudio)], plan()),
    );
    expect(presentation.video.map((v) => v.id)).toEqual(['720p', '360p']);
    expect(presentation.video[0]).toMatchObject({
      type: 'video',
      codecs: 'avc1.64001f',
      width: 1280,
      height: 720,
      frameRate: { num: 30, den: 1 },
      timescale: VIDEO_TIMESCALE,
      initUri: '720p/init.mp4',
      mediaUriTemplate: '720p/$Number$.m4s',
      startNumber: 1,
      audioGroupId: 'audio',
      independentSegments: true,
    });
    expect(presentation.audio[0]).toMatchObject({
      id: 'audio',
      groupId: 'audio',
      name: 'Main',
      language: 'und',
      isDefault: true,
      channels: 2,
      sampleRateHz: 48000,
      initUri: 'audio/init.mp4',
    });
    expect(presentation.video[0]?.segments.map((s) => s.startTicks)).toEqual([0, seconds(2), seconds(4)]);
    expect(presentation.durationMs).toBe(Math.ceil((235 * 1024 * 1000) / 48000)); // audio is the longest
    expect(presentation.targetSegmentDurationMs).toBe(2000);
    expect(layout['720p']).toEqual({
      init: '/out/720p/init.m4s',
      segments: [1, 2, 3].map((n) => ({ files: [`/out/720p/chunk-${n}.m4s`], sizeBytes: 100_000 })),
    });
  });

  it('computes peak and average bandwidth from sizes and durations, rounding up', () => {
    const sized = [
      { ticks: seconds(2), sizeBytes: 500_000 },
      { ticks: seconds(2), sizeBytes: 250_001 },
      { ticks: seconds(1), sizeBytes: 300_000 },
    ];
    const { presentation } = expectOk(
      describePresentation([video720(sized), video360(threeSegments), audio(alignedAudio)], plan()),
    );
    const top = presentation.video[0]!;
    expect(top.id).toBe('720p');
    expect(top.bandwidthBps).toBe(2_400_000); // the 1 s tail: 300000 * 8 / 1
    expect(top.averageBandwidthBps).toBe(Math.ceil((1_050_001 * 8) / 5));
    expect(presentation.audio[0]?.bandwidthBps).toBe(Math.ceil((32_000 * 8 * 48000) / (48 * 1024)));
  });

  it('merges a tail under 0.5 s into the previous segment in every rendition, sized as joined', () => {
    const shortTail = [{ ticks: seconds(2) }, { ticks: seconds(2) }, { ticks: 9 * FRAME_TICKS }];
    const audioTicks = [94 * 1024, 93 * 1024, 14 * 1024];
    const { presentation, layout } = expectOk(
      describePresentation([video720(shortTail), video360(shortTail), audio(audioTicks)], plan()),
    );
    for (const rendition of [...presentation.video, ...presentation.audio])
      expect(rendition.segments).toHaveLength(2);
    // The joined segment keeps one styp + sidx: the tail's 76 bytes of them are not published.
    expect(presentation.video[0]?.segments[1]).toEqual({
      startTicks: seconds(2),
      durationTicks: seconds(2) + 9 * FRAME_TICKS,
      sizeBytes: 200_000 - MOOF_OFFSET,
    });
    expect(layout.audio?.segments[1]).toEqual({
      files: ['/out/audio/chunk-2.m4s', '/out/audio/chunk-3.m4s'],
      sizeBytes: 64_000 - MOOF_OFFSET,
    });
    expect(presentation.audio[0]?.segments[1]?.durationTicks).toBe(107 * 1024);
    const top = presentation.video[0]!;
    expect(top.bandwidthBps).toBe(
      Math.ceil(((200_000 - MOOF_OFFSET) * 8 * VIDEO_TIMESCALE) / (seconds(2) + 9 * FRAME_TICKS)),
    );
  });

  it('sizes a merged segment without its sidx when that sidx cannot be grown faithfully', () => {
    // A sidx that indexes fewer bytes than follow it would lie once grown: the join drops it.
    const shortTail = [
      { ticks: seconds(2) },
      { ticks: seconds(2), sidxReferencedBytes: 1000 },
      { ticks: 9 * FRAME_TICKS },
    ];
    const { layout } = expectOk(
      describePresentation([video720(shortTail), video360(shortTail)], plan({ audio: null })),
    );
    expect(layout['720p']?.segments[1]?.sizeBytes).toBe(200_000 - MOOF_OFFSET - SIDX_BYTES);
  });

  it('joins three files when the audio overhang and the short tail both merge', () => {
    const shortTail = [{ ticks: seconds(2) }, { ticks: seconds(2) }, { ticks: 9 * FRAME_TICKS }];
    const { presentation, layout } = expectOk(
      describePresentation(
        [video720(shortTail), video360(shortTail), audio([94 * 1024, 93 * 1024, 14 * 1024, 1024])],
        plan(),
      ),
    );
    expect(layout.audio?.segments[1]).toEqual({
      files: ['/out/audio/chunk-2.m4s', '/out/audio/chunk-3.m4s', '/out/audio/chunk-4.m4s'],
      sizeBytes: 96_000 - 2 * MOOF_OFFSET,
    });
    expect(presentation.audio[0]?.segments.map((s) => s.sizeBytes)).toEqual([
      32_000,
      96_000 - 2 * MOOF_OFFSET,
    ]);
  });

  it('merges an audio-only tail, and an extra tiny audio segment past the last video boundary', () => {
    const audioOnly = expectOk(describePresentation([audio([94 * 1024, 10 * 1024])], plan({ video: [] })));
    expect(audioOnly.presentation.audio[0]?.segments).toHaveLength(1);
    expect(audioOnly.presentation.video).toEqual([]);

    const twoSegments = [{ ticks: seconds(2) }, { ticks: seconds(2) }];
    const overhang = expectOk(
      describePresentation(
        [video720(twoSegments), video360(twoSegments), audio([94 * 1024, 93 * 1024, 1024])],
        plan(),
      ),
    );
    expect(overhang.presentation.audio[0]?.segments.map((s) => s.durationTicks)).toEqual([
      94 * 1024,
      94 * 1024,
    ]);
  });

  it('leaves a video-only presentation without an audio group', () => {
    const { presentation } = expectOk(
      describePresentation([video720(threeSegments), video360(threeSegments)], plan({ audio: null })),
    );
    expect(presentation.audio).toEqual([]);
    expect(presentation.video[0]?.audioGroupId).toBeUndefined();
  });

  it('rejects audio boundaries more than one AAC frame from the video boundaries (M6)', () => {
    // ffmpeg's shared dash muxer cuts audio at the video keyframe's decode time: 92 frames = 1.9627 s.
    const result = describePresentation(
      [video720(threeSegments), video360(threeSegments), audio([92 * 1024, 94 * 1024, 49 * 1024])],
      plan(),
    );
    expectRejected(
      result,
      /^M6: audio segment 2 starts at 1\.9627 s but video segment 2 at 2\.0000 s: 37\.3 ms apart/,
    );
  });

  it('rejects a gap or an overlap in decode times (F3)', () => {
    const gap = [{ ticks: seconds(2) }, { ticks: seconds(2), start: seconds(2) + FRAME_TICKS }];
    expectRejected(
      describePresentation([video720(gap), video360(gap)], plan({ audio: null })),
      /^F3: rendition 720p segment 2 \(chunk-2\.m4s\): fragment 2 starts at tfdt 31232 but the previous one ends at 30720 \(a gap of 512 ticks/,
    );
    const overlap = [{ ticks: seconds(2) }, { ticks: seconds(2), start: seconds(2) - FRAME_TICKS }];
    expectRejected(
      describePresentation([video720(overlap), video360(overlap)], plan({ audio: null })),
      /an overlap of 512/,
    );
  });

  it('rejects a fragment without tfdt (F3)', () => {
    const broken = video720(threeSegments);
    const segments = broken.segments.map((segment, index) =>
      index === 1
        ? { ...segment, fragments: segment.fragments.map((f) => ({ ...f, baseMediaDecodeTime: null })) }
        : segment,
    );
    expectRejected(
      describePresentation([{ ...broken, segments }, video360(threeSegments)], plan({ audio: null })),
      /^F3: .*fragment 2 has no tfdt/,
    );
  });

  it('rejects misaligned video renditions and segments that do not start on a sync sample (M6)', () => {
    const shifted = [
      { ticks: seconds(2) + FRAME_TICKS },
      { ticks: seconds(2) - FRAME_TICKS },
      { ticks: seconds(1) },
    ];
    expectRejected(
      describePresentation([video720(threeSegments), video360(shifted)], plan({ audio: null })),
      /^M6: video 360p segment 2 starts at 31232, 720p's at 30720/,
    );
    expectRejected(
      describePresentation(
        [video720(threeSegments), video360(threeSegments.slice(0, 2))],
        plan({ audio: null }),
      ),
      /^M6: video 360p has 2 segments, 720p has 3/,
    );
    const openGop = threeSegments.map((spec, index) => ({ ...spec, sync: index !== 2 }));
    expectRejected(
      describePresentation([video720(openGop), video360(threeSegments)], plan({ audio: null })),
      /^M6: video 720p segment 3 does not start with a sync sample/,
    );
  });

  it('rejects audio that starts a video frame or more away from video (F6)', () => {
    const late = rendition('audio', 'audio', audioInit, [
      { ticks: 94 * 1024, start: 1600 }, // 33.3 ms: one frame at 30 fps
      { ticks: 93 * 1024 },
      { ticks: 48 * 1024 },
    ]);
    expectRejected(
      describePresentation([video720(threeSegments), video360(threeSegments), late], plan()),
      /^F6: audio starts at 0\.0333 s and video at 0\.0000 s/,
    );
  });

  it('starts the timeline at 0 when ffmpeg left an offset on every rendition', () => {
    const offset = (ticks: number) => (specs: readonly SegmentSpec[]) =>
      specs.map((spec, index) => (index === 0 ? { ...spec, start: ticks } : spec));
    const videoSpecs = offset(seconds(10))(threeSegments);
    const audioSpecs = offset(480_000)(alignedAudio.map((ticks) => ({ ticks })));
    const { presentation } = expectOk(
      describePresentation(
        [video720(videoSpecs), video360(videoSpecs), rendition('audio', 'audio', audioInit, audioSpecs)],
        plan(),
      ),
    );
    expect(presentation.video[1]?.segments[0]?.startTicks).toBe(0);
    expect(presentation.audio[0]?.segments.map((s) => s.startTicks)).toEqual([0, 94 * 1024, 187 * 1024]);
  });

  it('rejects init segments that break CMAF (F1, F2) and output that does not match the plan', () => {
    const variants: Array<[Partial<InitSegmentInfo>, RegExp]> = [
      [{ brands: ['iso6', 'mp41'] }, /^F2: init segment of 720p has brands \[iso6, mp41\], without cmfc/],
      [{ hasMvex: false }, /^F2: .*no mvex/],
      [{ sampleCount: 12 }, /^F2: .*lists 12 samples/],
      [{ trackCount: 2 }, /^F1: init segment of 720p has 2 tracks/],
      [{ handler: 'soun' }, /^F1: video rendition 720p holds a 'soun' track/],
      [{ width: 1278 }, /^H4: video 720p is 1278x720, the plan asked for 1280x720/],
      [{ timescale: 90000 }, /^M6: video 360p has timescale 15360, 720p has 90000/],
    ];
    for (const [override, pattern] of variants) {
      const broken = rendition('720p', 'video', init(override), threeSegments);
      expectRejected(describePresentation([broken, video360(threeSegments)], plan({ audio: null })), pattern);
    }
    expectRejected(
      describePresentation([video720(threeSegments)], plan({ audio: null })),
      /^plan: the plan has video rendition 360p but the transcoder produced none/,
    );
    expectRejected(
      describePresentation(
        [video720(threeSegments), video360(threeSegments), audio(alignedAudio)],
        plan({ audio: null }),
      ),
      /^plan: the transcoder produced rendition audio, which is not in the plan/,
    );
  });

  it('rejects a frame rate other than the planned one (H4)', () => {
    expectRejected(
      describePresentation(
        [video720(threeSegments), video360(threeSegments)],
        plan({ audio: null, frameRate: { num: 25, den: 1 } }),
      ),
      /^H4: video 720p has 150 frames in 5\.000 s \(30\.000 fps\), the plan says 25\.000 fps/,
    );
  });

  it('rejects a rendition whose ticks pass 2^53 (F4)', () => {
    const huge = [{ ticks: seconds(2), start: Number.MAX_SAFE_INTEGER - seconds(1) }];
    const result = describePresentation([rendition('audio', 'audio', audioInit, huge)], plan({ video: [] }));
    expectRejected(result, /^F4: rendition audio ends at tick \d+, not below 2\^53/);
  });
});
