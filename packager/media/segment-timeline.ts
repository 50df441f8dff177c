/**
 * A rendition's segments as a timeline: one entry per output segment (one file, or several joined), with
 * the decode-time continuity of CMAF (F3) checked on the way. Pure.
 */
import { AppError } from '../domain/errors.js';
import { planSegmentJoin } from './append-fragments.js';
import type { MeasuredRendition, MeasuredSegment } from './measure-rendition.js';
import { ceilDivide } from './media-time.js';

export interface TimelineSegment {
  /** tfdt of the first fragment, in the rendition's ticks. */
  readonly startTicks: number;
  readonly durationTicks: number;
  /** Bytes of the published segment: the joined size (appendFragments) when it is made of several files. */
  readonly sizeBytes: number;
  /** Files that make up the segment, in order, to be joined with appendFragments when there are several. */
  readonly parts: readonly MeasuredSegment[];
  readonly firstSampleIsSync: boolean;
  /** Earliest presentation time minus startTicks (composition offsets of the first fragment). */
  readonly presentationOffsetTicks: number;
}

/**
 * A packaging rule the transcoder's output broke. These are packager bugs, not the publisher's: the
 * message names the rule (CONFORMANCE.md) and the values found.
 */
export function ruleViolation(
  rule: string,
  message: string,
  details: Record<string, unknown> = {},
): AppError {
  return new AppError('transcode_failed', `${rule}: ${message}`, { details: { rule, ...details } });
}

/**
 * The rendition's segments in order. Every fragment must carry a tfdt, and each must start exactly where the
 * previous one ended (no gap, no overlap), across segment files too.
 */
export function buildTimeline(rendition: MeasuredRendition): TimelineSegment[] {
  const timeline: TimelineSegment[] = [];
  let expectedTicks: number | null = null;
  for (const [index, segment] of rendition.segments.entries()) {
    const where = `rendition ${rendition.id} segment ${index + 1} (${baseName(segment.path)})`;
    const [first] = segment.fragments;
    if (!first) throw ruleViolation('F3', `${where} holds no fragment`);
    let durationTicks = 0;
    for (const fragment of segment.fragments) {
      const startTicks = fragment.baseMediaDecodeTime;
      if (startTicks === null) {
        throw ruleViolation('F3', `${where}: fragment ${fragment.sequenceNumber} has no tfdt`);
      }
      if (expectedTicks !== null && startTicks !== expectedTicks) {
        const kind = startTicks > expectedTicks ? 'a gap' : 'an overlap';
        throw ruleViolation(
          'F3',
          `${where}: fragment ${fragment.sequenceNumber} starts at tfdt ${startTicks} but the previous one ends ` +
            `at ${expectedTicks} (${kind} of ${Math.abs(startTicks - expectedTicks)} ticks at timescale ` +
            `${rendition.init.timescale})`,
          { rendition: rendition.id, segment: index + 1, startTicks, expectedTicks },
        );
      }
      durationTicks += fragment.durationTicks;
      expectedTicks = startTicks + fragment.durationTicks;
    }
    if (durationTicks <= 0) throw ruleViolation('F3', `${where} has no duration`);
    timeline.push({
      startTicks: first.baseMediaDecodeTime ?? 0,
      durationTicks,
      sizeBytes: segment.sizeBytes,
      parts: [segment],
      firstSampleIsSync: first.firstSampleIsSync,
      presentationOffsetTicks: first.presentationOffsetTicks,
    });
  }
  return timeline;
}

/**
 * The timeline with its last two segments made one (the M5 tail merge); unchanged when shorter than 2.
 * The merged size is not the sum of the files: the tail's `styp`/`sidx` are dropped when the files are
 * joined, and planSegmentJoin says exactly how many bytes remain (bandwidths and Content-Length use it).
 */
export function mergeLastTwo(timeline: readonly TimelineSegment[], timescale: number): TimelineSegment[] {
  const previous = timeline[timeline.length - 2];
  const last = timeline[timeline.length - 1];
  if (!previous || !last) return [...timeline];
  const parts = [...previous.parts, ...last.parts];
  return [
    ...timeline.slice(0, -2),
    {
      ...previous,
      durationTicks: previous.durationTicks + last.durationTicks,
      sizeBytes: planSegmentJoin(parts, timescale).sizeBytes,
      parts,
    },
  ];
}

/** The timeline moved earlier by `offsetTicks` (the presentation's common start). */
export function shiftTimeline(timeline: readonly TimelineSegment[], offsetTicks: number): TimelineSegment[] {
  return timeline.map((segment) => ({ ...segment, startTicks: segment.startTicks - offsetTicks }));
}

export function endTicks(timeline: readonly TimelineSegment[]): number {
  const last = timeline[timeline.length - 1];
  return last ? last.startTicks + last.durationTicks : 0;
}

export interface Bandwidths {
  /** Peak over segments of sizeBytes * 8 / seconds, rounded up. */
  readonly bandwidthBps: number;
  /** Total bytes * 8 / total seconds, rounded up. */
  readonly averageBandwidthBps: number;
}

export function measureBandwidths(
  timeline: readonly Pick<TimelineSegment, 'sizeBytes' | 'durationTicks'>[],
  timescale: number,
): Bandwidths {
  let peak = 0;
  let totalBytes = 0;
  let totalTicks = 0;
  for (const segment of timeline) {
    peak = Math.max(
      peak,
      ceilDivide(BigInt(segment.sizeBytes) * 8n * BigInt(timescale), BigInt(segment.durationTicks)),
    );
    totalBytes += segment.sizeBytes;
    totalTicks += segment.durationTicks;
  }
  const average =
    totalTicks === 0 ? 0 : ceilDivide(BigInt(totalBytes) * 8n * BigInt(timescale), BigInt(totalTicks));
  return { bandwidthBps: peak, averageBandwidthBps: average };
}

function baseName(filePath: string): string {
  return filePath.slice(filePath.lastIndexOf('/') + 1);
}
