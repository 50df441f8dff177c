import { describe, expect, it } from 'vitest';
import type { SegmentFact } from '../model.js';
import { segmentTimeline } from './segment-timeline.js';

function segments(...spans: [startTicks: number, durationTicks: number][]): SegmentFact[] {
  return spans.map(([startTicks, durationTicks]) => ({ startTicks, durationTicks, sizeBytes: 1 }));
}

describe('segmentTimeline', () => {
  it('is empty without segments', () => {
    expect(segmentTimeline([])).toEqual([]);
  });

  it('folds equal consecutive durations into @r and puts @t on the first entry only', () => {
    expect(segmentTimeline(segments([0, 30720], [30720, 30720], [61440, 30720], [92160, 21504]))).toEqual([
      { startTicks: 0, durationTicks: 30720, repeat: 2 },
      { startTicks: null, durationTicks: 21504, repeat: 0 },
    ]);
  });

  it('does not fold equal durations that are separated by a different one', () => {
    expect(segmentTimeline(segments([0, 96256], [96256, 95232], [191488, 96256]))).toEqual([
      { startTicks: 0, durationTicks: 96256, repeat: 0 },
      { startTicks: null, durationTicks: 95232, repeat: 0 },
      { startTicks: null, durationTicks: 96256, repeat: 0 },
    ]);
  });

  it('keeps a non-zero first start', () => {
    expect(segmentTimeline(segments([1024, 1000], [2024, 1000]))).toEqual([
      { startTicks: 1024, durationTicks: 1000, repeat: 1 },
    ]);
  });

  it('states the real start after a gap or an overlap instead of hiding it', () => {
    expect(segmentTimeline(segments([0, 100], [100, 100], [250, 100], [300, 100]))).toEqual([
      { startTicks: 0, durationTicks: 100, repeat: 1 },
      { startTicks: 250, durationTicks: 100, repeat: 0 },
      { startTicks: 300, durationTicks: 100, repeat: 0 },
    ]);
  });
});
