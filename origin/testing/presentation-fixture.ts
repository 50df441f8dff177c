/** A small hand-made presentation (one video rendition, one audio) for the origin's delivery tests. */
import type { Presentation } from '../../manifests/model.js';

export function samplePresentation(): Presentation {
  return {
    version: 1,
    durationMs: 4000,
    targetSegmentDurationMs: 2000,
    video: [
      {
        id: '360p',
        type: 'video',
        codecs: 'avc1.64001e',
        timescale: 15360,
        bandwidthBps: 800_000,
        averageBandwidthBps: 600_000,
        initUri: '360p/init.mp4',
        mediaUriTemplate: '360p/$Number$.m4s',
        startNumber: 1,
        segments: [
          { startTicks: 0, durationTicks: 30720, sizeBytes: 150_000 },
          { startTicks: 30720, durationTicks: 30720, sizeBytes: 140_000 },
        ],
        width: 640,
        height: 360,
        frameRate: { num: 30000, den: 1001 },
        audioGroupId: 'audio',
        independentSegments: true,
      },
    ],
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
        segments: [
          { startTicks: 0, durationTicks: 96000, sizeBytes: 32_000 },
          { startTicks: 96000, durationTicks: 96000, sizeBytes: 32_000 },
        ],
        groupId: 'audio',
        name: 'Main',
        language: 'und',
        channels: 2,
        sampleRateHz: 48000,
        isDefault: true,
      },
    ],
  };
}
