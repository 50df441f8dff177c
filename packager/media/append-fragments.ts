/**
 * Joins the files of one output segment into one CMAF segment: the M5 tail merge at byte level. The first
 * file is kept whole; each following file contributes only its fragments (from its first `moof` on), so the
 * result has one `styp`/`sidx` at its start, as a segment must. The first file's one-reference `sidx` is grown
 * to cover the appended bytes and duration, or removed when it cannot be updated faithfully. Pure.
 *
 * Why the joined size is computed rather than measured after joining: the describe stage is pure and already
 * decides which files merge; measuring joined files would need an extra I/O stage between two describe passes.
 * Instead planSegmentJoin derives the exact joined size from the parsed boxes (fragment offsets, `sidx`
 * facts) that measureRendition records anyway, and appendFragments carries out that very plan, so the size
 * the presentation announces and the bytes publish uploads come from one decision and cannot drift apart.
 */
import {
  childBoxes,
  filterBoxes,
  iterateBoxes,
  mediaFormatError,
  readFullBoxHeader,
  requireBox,
} from './box-reader.js';
import type { InitSegmentInfo } from './init-segment.js';
import { type FragmentInfo, type MediaSegmentInfo, parseMediaSegment } from './media-segment.js';
import {
  type SegmentIndexInfo,
  type SegmentIndexReference,
  writeSegmentIndexReference,
} from './segment-index.js';

/** What a join needs to know of each file; a MediaSegmentInfo or a MeasuredSegment. */
export type SegmentJoinPart = Pick<MediaSegmentInfo, 'sizeBytes' | 'fragments' | 'segmentIndexes'>;

export interface SegmentJoinPlan {
  /** Bytes of the joined segment: exactly the length appendFragments returns for the same files. */
  readonly sizeBytes: number;
  /**
   * The first file's `sidx`: `keep` (there is none, or nothing is appended), `grow` (its single media reference
   * now covers the appended fragments), or `remove` (any other shape: an index that lies about the segment is
   * worse than none, and HLS and SegmentTemplate DASH never read it).
   */
  readonly sidx: 'keep' | 'grow' | 'remove';
}

type SidxAction =
  | { readonly kind: 'keep' }
  | {
      readonly kind: 'grow';
      readonly reference: SegmentIndexReference;
      readonly referencedSizeBytes: number;
      readonly subsegmentDuration: number;
    }
  | { readonly kind: 'remove'; readonly boxes: readonly SegmentIndexInfo[] };

interface JoinDecision {
  readonly sizeBytes: number;
  readonly action: SidxAction;
}

const MAX_REFERENCED_SIZE = 0x7fff_ffff; // 31 bits
const MAX_SUBSEGMENT_DURATION = 0xffff_ffff; // 32 bits
const TFHD_BASE_DATA_OFFSET = 0x01;

/** How `parts` (in order, track `timescale`) join, and the joined size, without touching any bytes. */
export function planSegmentJoin(parts: readonly SegmentJoinPart[], timescale: number): SegmentJoinPlan {
  const { sizeBytes, action } = decideJoin(parts, timescale);
  return { sizeBytes, sidx: action.kind };
}

/**
 * One CMAF segment made of `segments` (whole media segment files of the track `init` describes, in
 * presentation order). Throws `transcode_failed` when a file is not a media segment, or when a fragment
 * addresses its samples from the file start (tfhd base-data-offset, which CMAF forbids) and would break
 * when moved.
 */
export function appendFragments(segments: readonly Buffer[], init: InitSegmentInfo): Buffer {
  const parts = segments.map((segment) => parseMediaSegment(segment, init));
  const { action } = decideJoin(parts, init.timescale);
  const [head, ...rest] = segments;
  const [headPart] = parts;
  if (!head || !headPart) throw mediaFormatError('no segment to join');
  rest.forEach((segment, index) => assertRelocatable(segment, parts[index + 1]?.fragments ?? []));
  let first: Buffer;
  switch (action.kind) {
    case 'keep':
      first = head;
      break;
    case 'grow':
      first = Buffer.from(head);
      writeSegmentIndexReference(
        first,
        action.reference,
        action.referencedSizeBytes,
        action.subsegmentDuration,
      );
      break;
    case 'remove':
      assertRelocatable(head, headPart.fragments);
      first = withoutBoxes(head, action.boxes);
      break;
  }
  const appended = rest.map((segment, index) => segment.subarray(fragmentsStart(parts[index + 1])));
  return Buffer.concat([first, ...appended]);
}

function decideJoin(parts: readonly SegmentJoinPart[], timescale: number): JoinDecision {
  const [head, ...rest] = parts;
  if (!head) throw mediaFormatError('no segment to join');
  let appendedBytes = 0;
  let appendedTicks = 0;
  for (const part of rest) {
    appendedBytes += part.sizeBytes - fragmentsStart(part);
    for (const fragment of part.fragments) appendedTicks += fragment.durationTicks;
  }
  const joinedBytes = head.sizeBytes + appendedBytes;
  if (rest.length === 0 || head.segmentIndexes.length === 0) {
    return { sizeBytes: joinedBytes, action: { kind: 'keep' } };
  }
  const grown = growReference(head, appendedBytes, appendedTicks, timescale);
  if (grown) return { sizeBytes: joinedBytes, action: grown };
  const removedBytes = head.segmentIndexes.reduce((sum, sidx) => sum + sidx.sizeBytes, 0);
  return {
    sizeBytes: joinedBytes - removedBytes,
    action: { kind: 'remove', boxes: head.segmentIndexes },
  };
}

/** The grown reference when the head has one `sidx` with one media reference indexing exactly its fragments. */
function growReference(
  head: SegmentJoinPart,
  appendedBytes: number,
  appendedTicks: number,
  timescale: number,
): SidxAction | null {
  const [sidx, ...otherIndexes] = head.segmentIndexes;
  const [reference, ...otherReferences] = sidx?.references ?? [];
  if (!sidx || !reference || otherIndexes.length > 0 || otherReferences.length > 0) return null;
  if (reference.referenceType !== 0 || sidx.timescale === 0 || timescale <= 0) return null;
  // Growing an index that did not describe the head exactly would carry its error into the joined segment.
  const indexedEnd =
    sidx.offsetBytes + sidx.sizeBytes + sidx.firstOffsetBytes + reference.referencedSizeBytes;
  if (indexedEnd !== head.sizeBytes || sidx.offsetBytes >= fragmentsStart(head)) return null;
  // The appended duration must be whole in the sidx timescale (ffmpeg uses the track's, so it always is).
  const scaledTicks = appendedTicks * sidx.timescale;
  if (!Number.isSafeInteger(scaledTicks) || scaledTicks % timescale !== 0) return null;
  const referencedSizeBytes = reference.referencedSizeBytes + appendedBytes;
  const subsegmentDuration = reference.subsegmentDuration + scaledTicks / timescale;
  if (referencedSizeBytes > MAX_REFERENCED_SIZE || subsegmentDuration > MAX_SUBSEGMENT_DURATION) return null;
  return { kind: 'grow', reference, referencedSizeBytes, subsegmentDuration };
}

/** Offset of a file's first `moof`: what precedes it (`styp`, `sidx`, `prft`, `emsg`) is not appended. */
function fragmentsStart(part: SegmentJoinPart | undefined): number {
  const first = part?.fragments[0];
  if (!first) throw mediaFormatError("a segment to join has no 'moof'");
  return first.offsetBytes;
}

/** Moving a `moof` is safe only when its data offsets are relative to it (default-base-is-moof). */
function assertRelocatable(buf: Buffer, fragments: readonly FragmentInfo[]): void {
  for (const fragment of fragments) {
    const moof = iterateBoxes(buf, fragment.offsetBytes).next();
    if (moof.done) continue;
    for (const traf of filterBoxes(childBoxes(buf, moof.value), 'traf')) {
      const tfhd = requireBox(childBoxes(buf, traf), 'tfhd', "'traf'");
      if (readFullBoxHeader(buf, tfhd).flags & TFHD_BASE_DATA_OFFSET) {
        throw mediaFormatError(
          `the 'moof' at ${fragment.offsetBytes} uses an absolute base data offset and cannot be moved`,
        );
      }
    }
  }
}

function withoutBoxes(buf: Buffer, boxes: readonly SegmentIndexInfo[]): Buffer {
  const pieces: Buffer[] = [];
  let at = 0;
  for (const box of [...boxes].sort((a, b) => a.offsetBytes - b.offsetBytes)) {
    pieces.push(buf.subarray(at, box.offsetBytes));
    at = box.offsetBytes + box.sizeBytes;
  }
  pieces.push(buf.subarray(at));
  return Buffer.concat(pieces);
}
