/**
 * The `sidx` (segment index, ISO/IEC 14496-12 8.16.3) a media segment may open with. ffmpeg's dash muxer
 * writes one per segment file, with a single reference covering the rest of the file. HLS and SegmentTemplate
 * DASH never read it, but a player or CDN that does must not be told a wrong size or duration.
 */
import { type Box, ensureRange, readFullBoxHeader, readUInt64 } from './box-reader.js';

export interface SegmentIndexReference {
  /** 0: the reference points at media (moof + mdat); 1: at another `sidx`. */
  readonly referenceType: 0 | 1;
  readonly referencedSizeBytes: number;
  /** In the sidx's own timescale. */
  readonly subsegmentDuration: number;
  /** Offset of the reference's first field (reference_type + referenced_size) in the parsed buffer. */
  readonly offsetBytes: number;
}

export interface SegmentIndexInfo {
  /** Offset of the `sidx` box in the parsed buffer. */
  readonly offsetBytes: number;
  /** The whole box. */
  readonly sizeBytes: number;
  /** Ticks per second of earliest_presentation_time and the subsegment durations. */
  readonly timescale: number;
  /** first_offset: bytes between the end of the `sidx` and the first referenced byte. */
  readonly firstOffsetBytes: number;
  readonly references: readonly SegmentIndexReference[];
}

/** Size of one reference: type + size (4), subsegment_duration (4), SAP fields (4). */
const REFERENCE_BYTES = 12;

export function parseSegmentIndex(buf: Buffer, sidx: Box): SegmentIndexInfo {
  const { version, contentOffset } = readFullBoxHeader(buf, sidx);
  const timeWidth = version === 0 ? 4 : 8;
  // reference_ID, timescale, earliest_presentation_time, first_offset, reserved, reference_count
  const headerBytes = 8 + 2 * timeWidth + 4;
  ensureRange(buf, sidx, contentOffset, headerBytes);
  const timescale = buf.readUInt32BE(contentOffset + 4);
  const firstOffsetAt = contentOffset + 8 + timeWidth;
  const firstOffsetBytes =
    timeWidth === 4 ? buf.readUInt32BE(firstOffsetAt) : readUInt64(buf, firstOffsetAt, 'sidx first_offset');
  const referenceCount = buf.readUInt16BE(contentOffset + headerBytes - 2);
  let offset = contentOffset + headerBytes;
  ensureRange(buf, sidx, offset, referenceCount * REFERENCE_BYTES);
  const references: SegmentIndexReference[] = [];
  for (let index = 0; index < referenceCount; index += 1) {
    const word = buf.readUInt32BE(offset);
    references.push({
      referenceType: word >>> 31 === 1 ? 1 : 0,
      referencedSizeBytes: word & 0x7fff_ffff,
      subsegmentDuration: buf.readUInt32BE(offset + 4),
      offsetBytes: offset,
    });
    offset += REFERENCE_BYTES;
  }
  return { offsetBytes: sidx.offset, sizeBytes: sidx.sizeBytes, timescale, firstOffsetBytes, references };
}

/** Rewrites a media reference's size and duration in place (same field widths, so nothing else moves). */
export function writeSegmentIndexReference(
  buf: Buffer,
  reference: SegmentIndexReference,
  referencedSizeBytes: number,
  subsegmentDuration: number,
): void {
  // referenced_size is 31 bits next to reference_type 0; subsegment_duration is 32 bits.
  if (
    reference.referenceType !== 0 ||
    referencedSizeBytes > 0x7fff_ffff ||
    subsegmentDuration > 0xffff_ffff
  ) {
    throw new RangeError('sidx reference rewrite out of range');
  }
  buf.writeUInt32BE(referencedSizeBytes, reference.offsetBytes);
  buf.writeUInt32BE(subsegmentDuration, reference.offsetBytes + 4);
}
