import { describe, expect, it } from 'vitest';
import type { Presentation, VideoRendition } from '../../manifests/model.js';
import { mergePresentations } from './merge-presentations.js';

function video(id: string, bandwidthBps: number, durations: number[], timescale = 15360): VideoRendition {
  let start = 0;
  return {
    id,
    type: 'video',
    codecs: 'avc1.64001f',
    timescale,
    bandwidthBps,
    averageBandwidthBps: bandwidthBps,
    initUri: `${id}/init.mp4`,
    mediaUriTemplate: `${id}/$Number$.m4s`,
    startNumber: 1,
    width: 640,
    height: 360,
    frameRate: { num: 30, den: 1 },
    independentSegments: true,
    segments: durations.map((durationTicks) => {
      const segment = { startTicks: start, durationTicks, sizeBytes: 1000 };
      start += durationTicks;
      return segment;
    }),
  };
}

const preview: Presentation = {
  version: 1,
  durationMs: 4000,
  targetSegmentDurationMs: 2000,
  video: [{ ...video('360p', 500_000, [30720, 30720]), audioGroupId: 'audio' }],
  audio: [
    {
      id: 'audio',
      type: 'audio',
      codecs: 'mp4a.40.2',
      timescale: 48000,
      bandwidthBps: 130_000,
      averageBandwidthBps: 128_000,
      initUri: 'audio/init.mp4',
      mediaUriTemplate: 'audio/$Number$.m4s',
      startNumber: 1,
      segments: [],
      groupId: 'audio',
      name: 'Main',
      language: 'und',
      channels: 2,
      sampleRateHz: 48000,
      isDefault: true,
    },
  ],
};

describe('mergePresentations', () => {
  it('adds the ladder rungs, highest first, in the preview audio group, keeping the preview as it is', () => {
    const ladder: Presentation = { ...preview, audio: [], video: [video('720p', 2_000_000, [30720, 30720])] };
    const merged = mergePresentations(preview, ladder);
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    expect(merged.presentation.video.map((r) => [r.id, r.audioGroupId])).toEqual([
      ['720p', 'audio'],
      ['360p', 'audio'],
    ]);
    expect(merged.presentation.video[1]).toEqual(preview.video[0]);
    expect(merged.presentation.audio).toBe(preview.audio);
  });

  it('accepts equal boundaries in another timescale and refuses boundaries that differ', () => {
    const sameInOther = { ...preview, audio: [], video: [video('720p', 2_000_000, [60000, 60000], 30000)] };
    expect(mergePresentations(preview, sameInOther).ok).toBe(true);
    const shifted = { ...preview, audio: [], video: [video('720p', 2_000_000, [30720, 30208])] };
    const result = mergePresentations(preview, shifted);
    expect(result).toMatchObject({ ok: false, code: 'transcode_failed' });
    expect(!result.ok && result.message).toMatch(/M6: .*segment 2 of 360p and 720p/);
  });
});
