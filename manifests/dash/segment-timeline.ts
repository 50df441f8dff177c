import type { SegmentFact } from '../model.js';

/** One `<S>` element of a SegmentTimeline, in rendition ticks. */
export interface TimelineEntry {
  /** `@t`: written on the first entry and wherever a segment does not start where the previous one ended. */
  readonly startTicks: number | null;
  /** `@d` */
  readonly durationTicks: number;
  /** `@r`: how many more segments follow with the same duration, each starting where the last ended. */
  readonly repeat: number;
}

/**
 * The SegmentTimeline of a rendition's segments (D3). Equal consecutive durations are folded into `@r`;
 * `@t` appears on the first entry and on any discontinuity, so the timeline states exactly the segments'
 * measured start times (a gap or overlap in the media shows in the MPD instead of being papered over).
 */
export function segmentTimeline(segments: readonly SegmentFact[]): TimelineEntry[] {
  const entries: { startTicks: number | null; durationTicks: number; repeat: number }[] = [];
  let expectedStartTicks: number | null = null;
  for (const segment of segments) {
    const contiguous = segment.startTicks === expectedStartTicks;
    const last = entries.at(-1);
    if (last !== undefined && contiguous && last.durationTicks === segment.durationTicks) {
      last.repeat += 1;
    } else {
      entries.push({
        startTicks: contiguous ? null : segment.startTicks,
        durationTicks: segment.durationTicks,
        repeat: 0,
      });
    }
    expectedStartTicks = segment.startTicks + segment.durationTicks;
  }
  return entries;
}
