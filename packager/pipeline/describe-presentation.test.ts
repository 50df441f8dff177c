import { describe, expect, it } from 'vitest';
import { describePresentation } from './describe-presentation.js';
import {
  VIDEO_TIMESCALE,
  FRAME_TICKS,
  MOOF_OFFSET,
  SIDX_BYTES,
  audio,
  audioInit,
  alignedAudio,
  expectOk,
  plan,
  rendition,
  seconds,
  threeSegments,
  video360,
  video720,
  type SegmentSpec,
} from './testing/measured-renditions.js';

describe('describePresentation', () => {
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
});
