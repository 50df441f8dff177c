import { describe, expect, it } from 'vitest';
import { parseAudioSpecificConfig } from './audio-specific-config.js';
import { readBoxes } from './box-reader.js';
import {
  av1CodecString,
  avcCodecString,
  hevcCodecString,
  mp4aCodecString,
  vp9CodecString,
} from './codec-strings.js';

function parsed(type: string, payload: number[]) {
  const buf = Buffer.concat([Buffer.alloc(8), Buffer.from(payload)]);
  buf.writeUInt32BE(buf.length);
  buf.write(type, 4, 'latin1');
  const [box] = readBoxes(buf);
  return { buf, box: box! };
}

describe('codec strings', () => {
  it('writes avcC profile, constraint flags and level as six hex digits', () => {
    const { buf, box } = parsed('avcC', [1, 0x64, 0x00, 0x1f, 0xff]);
    expect(avcCodecString('avc1', buf, box)).toBe('avc1.64001f');
    expect(avcCodecString('avc3', buf, box)).toBe('avc3.64001f');
  });

  it('writes hvcC per ISO 14496-15 annex E (reversed compatibility flags, tier, trailing zero bytes dropped)', () => {
    // Main profile, compatibility flags 1 and 2 set (0x60000000 reversed = 0x6), level 3.1 (93), constraints 0xb0.
    const main = parsed('hvcC', [1, 0x01, 0x60, 0, 0, 0, 0xb0, 0, 0, 0, 0, 0, 93]);
    expect(hevcCodecString('hvc1', main.buf, main.box)).toBe('hvc1.1.6.L93.B0');
    // Main 10, high tier, profile space 1, level 5.1 (153), two constraint bytes.
    const main10 = parsed('hvcC', [1, 0x62, 0x20, 0, 0, 0, 0x90, 0x01, 0, 0, 0, 0, 153]);
    expect(hevcCodecString('hev1', main10.buf, main10.box)).toBe('hev1.A2.4.H153.90.01');
  });

  it('writes av1C as av01.P.LLT.DD', () => {
    // Main profile, level index 8, main tier, 8-bit.
    const main = parsed('av1C', [0x81, 0x08, 0x0c, 0]);
    expect(av1CodecString(main.buf, main.box)).toBe('av01.0.08M.08');
    // Professional profile 2, level 13, high tier, high bitdepth + twelve bit.
    const pro = parsed('av1C', [0x81, (2 << 5) | 13, 0x80 | 0x40 | 0x20, 0]);
    expect(av1CodecString(pro.buf, pro.box)).toBe('av01.2.13H.12');
  });

  it('writes vpcC as vp09.PP.LL.DD', () => {
    const { buf, box } = parsed('vpcC', [1, 0, 0, 0, 2, 31, 10 << 4, 1, 1, 1, 0, 0]);
    expect(vp9CodecString(buf, box)).toBe('vp09.02.31.10');
  });

  it('names MPEG-4 audio by its object type and other audio by its indication', () => {
    expect(mp4aCodecString(0x40, 2)).toBe('mp4a.40.2');
    expect(mp4aCodecString(0x6b, null)).toBe('mp4a.6B');
    expect(() => mp4aCodecString(0x40, null)).toThrow(/AudioSpecificConfig/);
  });
});

describe('parseAudioSpecificConfig', () => {
  it('reads AAC-LC 48 kHz stereo', () => {
    expect(parseAudioSpecificConfig(Buffer.from([0x11, 0x90]))).toEqual({
      audioObjectType: 2,
      samplingFrequencyHz: 48000,
      channelCount: 2,
    });
  });

  it('follows the object type escape (31 + 6 bits) and the explicit frequency escape', () => {
    // AOT 42 (USAC) = 31 then 10; frequency index 15 then 24 bits of 44100; channel configuration 6 (5.1).
    const bits = '11111' + '001010' + '1111' + (44100).toString(2).padStart(24, '0') + '0110';
    const bytes = bits
      .padEnd(Math.ceil(bits.length / 8) * 8, '0')
      .match(/.{8}/g)!
      .map((byte) => parseInt(byte, 2));
    expect(parseAudioSpecificConfig(Buffer.from(bytes))).toEqual({
      audioObjectType: 42,
      samplingFrequencyHz: 44100,
      channelCount: 6,
    });
  });

  it('maps channel configuration 7 to eight speakers and 0 to unknown', () => {
    expect(parseAudioSpecificConfig(Buffer.from([0x11, 0xb8])).channelCount).toBe(8);
    expect(parseAudioSpecificConfig(Buffer.from([0x11, 0x80])).channelCount).toBeNull();
  });
});
