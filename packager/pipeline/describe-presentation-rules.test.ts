import { describe, expect, it } from 'vitest';
import type { InitSegmentInfo } from '../media/init-segment.js';
import { type DescribeResult, describePresentation } from './describe-presentation.js';
import {
  FRAME_TICKS,
  audio,
  audioInit,
  alignedAudio,
  init,
  plan,
  rendition,
  seconds,
  threeSegments,
  video360,
  video720,
} from './testing/measured-renditions.js';

function expectRejected(result: DescribeResult, pattern: RegExp): void {
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.code).toBe('transcode_failed');
    expect(result.message).toMatch(pattern);
  }
}

describe('describePresentation refusing what breaks a rule', () => {
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
