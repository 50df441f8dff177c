/**
 * ISO-BMFF (ISO/IEC 14496-12) box iteration over a Buffer. Every read is bounds-checked: a box that claims to
 * be larger than its parent, or smaller than its own header, throws instead of reading past the end.
 */
import { AppError } from '../domain/errors.js';

export interface Box {
  /** Four-character code (`moov`, `trak`, `avcC`). */
  readonly type: string;
  /** Byte offset of the box's first byte (its size field) in the buffer. */
  readonly offset: number;
  /** Whole box, header included. */
  readonly sizeBytes: number;
  /** 8, 16 with a 64-bit largesize, plus 16 for a `uuid` user type. */
  readonly headerBytes: number;
  /** Offset of the first byte after the header. */
  readonly contentOffset: number;
  /** Offset one past the box's last byte. */
  readonly end: number;
}

export interface FullBoxHeader {
  readonly version: number;
  readonly flags: number;
  /** Offset of the first byte after version and flags. */
  readonly contentOffset: number;
}

/**
 * Our own segments are unreadable: that is a packaging failure (the transcode produced something invalid),
 * never the publisher's fault.
 */
export function mediaFormatError(message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('transcode_failed', `Invalid ISO-BMFF media: ${message}`, { details });
}

/** Iterates the boxes laid back to back in `buf[start, end)`. */
export function* iterateBoxes(buf: Buffer, start = 0, end = buf.length): Generator<Box> {
  let offset = start;
  while (offset < end) {
    // QuickTime ends some box lists (udta, sample entries) with a 32-bit zero terminator.
    if (end - offset < 8 && buf.subarray(offset, end).every((byte) => byte === 0)) return;
    const box = readBoxHeader(buf, offset, end);
    yield box;
    offset = box.end;
  }
}

/** The boxes in `buf[start, end)` as an array. */
export function readBoxes(buf: Buffer, start = 0, end = buf.length): Box[] {
  return [...iterateBoxes(buf, start, end)];
}

/** The boxes inside a container box (`moov`, `trak`, `moof`...), starting `skipBytes` after its header. */
export function childBoxes(buf: Buffer, parent: Box, skipBytes = 0): Box[] {
  return readBoxes(buf, parent.contentOffset + skipBytes, parent.end);
}

export function findBox(boxes: readonly Box[], type: string): Box | undefined {
  return boxes.find((box) => box.type === type);
}

export function filterBoxes(boxes: readonly Box[], type: string): Box[] {
  return boxes.filter((box) => box.type === type);
}

/** Like findBox, but a missing box is a format error naming where it was expected. */
export function requireBox(boxes: readonly Box[], type: string, where: string): Box {
  const box = findBox(boxes, type);
  if (!box) throw mediaFormatError(`no '${type}' box in ${where}`);
  return box;
}

/** Follows a path of container boxes (`['moov', 'trak', 'mdia']`) from a list of sibling boxes. */
export function requirePath(buf: Buffer, boxes: readonly Box[], path: readonly string[]): Box {
  let siblings = boxes;
  let where = 'the file';
  let found: Box | undefined;
  for (const type of path) {
    found = requireBox(siblings, type, where);
    where = `'${type}'`;
    siblings = childBoxes(buf, found);
  }
  if (!found) throw new Error('requirePath needs a non-empty path');
  return found;
}

/** Version (8 bits) and flags (24 bits) of a FullBox. */
export function readFullBoxHeader(buf: Buffer, box: Box): FullBoxHeader {
  ensureRange(buf, box, box.contentOffset, 4);
  return {
    version: buf.readUInt8(box.contentOffset),
    flags: buf.readUIntBE(box.contentOffset + 1, 3),
    contentOffset: box.contentOffset + 4,
  };
}

/** Throws unless `[offset, offset + length)` lies inside `box`. */
export function ensureRange(buf: Buffer, box: Box, offset: number, length: number): void {
  if (offset < box.contentOffset || offset + length > box.end || offset + length > buf.length) {
    throw mediaFormatError(`'${box.type}' box at ${box.offset} is too short`, {
      type: box.type,
      offset: box.offset,
    });
  }
}

/** A 64-bit unsigned field as a number, refusing values a double cannot hold exactly. */
export function readUInt64(buf: Buffer, offset: number, what: string): number {
  const value = buf.readBigUInt64BE(offset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw mediaFormatError(`${what} ${value} is 2^53 or more`, { what, value: value.toString() });
  }
  return Number(value);
}

/** A 64-bit signed field as a number, refusing values a double cannot hold exactly. */
export function readInt64(buf: Buffer, offset: number, what: string): number {
  const value = buf.readBigInt64BE(offset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw mediaFormatError(`${what} ${value} does not fit in 53 bits`, { what, value: value.toString() });
  }
  return Number(value);
}

export function fourCc(buf: Buffer, offset: number): string {
  return buf.toString('latin1', offset, offset + 4);
}

function readBoxHeader(buf: Buffer, offset: number, end: number): Box {
  if (offset + 8 > end) {
    throw mediaFormatError(`${end - offset} stray bytes at ${offset}, too few for a box header`, { offset });
  }
  const size32 = buf.readUInt32BE(offset);
  const type = fourCc(buf, offset + 4);
  let headerBytes = 8;
  let sizeBytes: number;
  if (size32 === 1) {
    if (offset + 16 > end)
      throw mediaFormatError(`'${type}' box at ${offset} lacks its largesize`, { offset });
    sizeBytes = readUInt64(buf, offset + 8, `'${type}' largesize`);
    headerBytes = 16;
  } else if (size32 === 0) {
    // size 0: the box extends to the end of its parent (only legal for the last box).
    sizeBytes = end - offset;
  } else {
    sizeBytes = size32;
  }
  if (type === 'uuid') headerBytes += 16;
  if (sizeBytes < headerBytes || offset + sizeBytes > end) {
    throw mediaFormatError(
      `'${type}' box at ${offset} claims ${sizeBytes} bytes but ${end - offset} remain`,
      {
        type,
        offset,
        sizeBytes,
      },
    );
  }
  return {
    type,
    offset,
    sizeBytes,
    headerBytes,
    contentOffset: offset + headerBytes,
    end: offset + sizeBytes,
  };
}
