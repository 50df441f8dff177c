/**
 * Moving a media segment on the timeline without re-muxing it: chunked (split-and-stitch) encodes start every
 * chunk at tfdt 0, and each later chunk's segments are shifted to chunkStart x timescale + their own time.
 * The fields keep their width, so sizes, offsets and `trun` data offsets stay valid.
 */
import { ensureRange, filterBoxes, mediaFormatError, readBoxes, readFullBoxHeader } from './box-reader.js';
import type { InitSegmentInfo } from './init-segment.js';
import { parseMediaSegment } from './media-segment.js';
import type { TfdtField } from './track-fragment.js';

/** Writes baseMediaDecodeTime in place; a value that does not fit a version 0 (32-bit) tfdt throws. */
export function writeBaseMediaDecodeTime(buf: Buffer, field: TfdtField, valueTicks: number): void {
  writeUnsigned(buf, field.offsetBytes, field.widthBytes, valueTicks, 'tfdt baseMediaDecodeTime');
}

/**
 * A copy of `segment` with every fragment's tfdt, and the `sidx` earliest presentation time when there is
 * one, moved by `deltaTicks` (track ticks, may be negative). Throws when a fragment lacks a tfdt or a value
 * would leave its field's range.
 */
export function shiftDecodeTimes(segment: Buffer, init: InitSegmentInfo, deltaTicks: number): Buffer {
  if (!Number.isSafeInteger(deltaTicks))
    throw mediaFormatError(`decode time shift ${deltaTicks} is not an integer`);
  const out = Buffer.from(segment);
  for (const fragment of parseMediaSegment(out, init).fragments) {
    if (fragment.tfdtField === null || fragment.baseMediaDecodeTime === null) {
      throw mediaFormatError(`fragment ${fragment.sequenceNumber} has no tfdt to shift`);
    }
    writeBaseMediaDecodeTime(out, fragment.tfdtField, fragment.baseMediaDecodeTime + deltaTicks);
  }
  for (const sidx of filterBoxes(readBoxes(out), 'sidx')) {
    const { version, contentOffset } = readFullBoxHeader(out, sidx);
    const width = version === 0 ? 4 : 8;
    ensureRange(out, sidx, contentOffset, 8 + width);
    const sidxTimescale = out.readUInt32BE(contentOffset + 4);
    const sidxDelta = (deltaTicks * sidxTimescale) / init.timescale;
    if (!Number.isSafeInteger(sidxDelta)) {
      throw mediaFormatError(
        `shift of ${deltaTicks} ticks is not whole in the sidx timescale ${sidxTimescale}`,
      );
    }
    const offset = contentOffset + 8;
    const current = width === 4 ? out.readUInt32BE(offset) : Number(out.readBigUInt64BE(offset));
    writeUnsigned(out, offset, width, current + sidxDelta, 'sidx earliest_presentation_time');
  }
  return out;
}

function writeUnsigned(buf: Buffer, offset: number, widthBytes: 4 | 8, value: number, what: string): void {
  const limit = widthBytes === 4 ? 2 ** 32 : Number.MAX_SAFE_INTEGER + 1;
  if (!Number.isSafeInteger(value) || value < 0 || value >= limit) {
    throw mediaFormatError(`${what} ${value} does not fit in ${widthBytes * 8} bits`);
  }
  if (widthBytes === 4) buf.writeUInt32BE(value, offset);
  else buf.writeBigUInt64BE(BigInt(value), offset);
}
