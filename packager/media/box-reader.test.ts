import { describe, expect, it } from 'vitest';
import { isAppError } from '../domain/errors.js';
import { childBoxes, readBoxes, readUInt64, requirePath } from './box-reader.js';

function box(type: string, payload: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.length);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
}

describe('readBoxes', () => {
  it('walks sibling boxes and container children with their offsets and header sizes', () => {
    const buf = Buffer.concat([box('ftyp', Buffer.from('cmfc0000')), box('moov', box('trak', box('mdia')))]);
    const [ftyp, moov] = readBoxes(buf);
    expect(ftyp).toMatchObject({ type: 'ftyp', offset: 0, sizeBytes: 16, headerBytes: 8, end: 16 });
    expect(moov).toMatchObject({ type: 'moov', offset: 16, sizeBytes: 24 });
    expect(requirePath(buf, readBoxes(buf), ['moov', 'trak', 'mdia'])).toMatchObject({
      offset: 32,
      sizeBytes: 8,
    });
  });

  it('reads a 64-bit largesize, a size-0 last box and a uuid user type', () => {
    const large = Buffer.alloc(20);
    large.writeUInt32BE(1);
    large.write('mdat', 4, 'latin1');
    large.writeBigUInt64BE(20n, 8);
    const uuid = Buffer.concat([box('uuid', Buffer.alloc(16, 7))]);
    const toEnd = Buffer.alloc(12);
    toEnd.write('free', 4, 'latin1');
    const boxes = readBoxes(Buffer.concat([large, uuid, toEnd]));
    expect(boxes.map((b) => [b.type, b.sizeBytes, b.headerBytes])).toEqual([
      ['mdat', 20, 16],
      ['uuid', 24, 24],
      ['free', 12, 8],
    ]);
  });

  it('refuses a box that claims more bytes than its parent holds', () => {
    const parent = box('moov', box('trak', Buffer.alloc(4)));
    parent.writeUInt32BE(40, 8); // the trak now claims 40 bytes inside a 20-byte moov
    const [moov] = readBoxes(parent);
    expect(() => childBoxes(parent, moov!)).toThrow(/'trak' box at 8 claims 40 bytes but 12 remain/);
    try {
      childBoxes(parent, moov!);
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('transcode_failed');
    }
  });

  it('accepts the QuickTime 32-bit zero terminator but not other stray bytes', () => {
    expect(readBoxes(Buffer.concat([box('free'), Buffer.alloc(4)]))).toHaveLength(1);
    expect(() => readBoxes(Buffer.concat([box('free'), Buffer.from([0, 0, 0, 9])]))).toThrow(/stray bytes/);
  });

  it('refuses 64-bit values a double cannot hold exactly', () => {
    const buf = Buffer.alloc(8);
    buf.writeBigUInt64BE(2n ** 53n);
    expect(() => readUInt64(buf, 0, 'tfdt')).toThrow(/2\^53/);
    buf.writeBigUInt64BE(2n ** 53n - 1n);
    expect(readUInt64(buf, 0, 'tfdt')).toBe(Number.MAX_SAFE_INTEGER);
  });
});
