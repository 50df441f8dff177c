/**
 * RFC 6381 `codecs` parameters from the decoder configuration boxes of a sample entry. The sample entry's
 * four-character code is the first element (`avc1` vs `avc3`, `hvc1` vs `hev1` tell players where the
 * parameter sets live, so they are kept as written).
 */
import { type Box, ensureRange, mediaFormatError, readFullBoxHeader } from './box-reader.js';

/** `avc1.PPCCLL`: profile_idc, the constraint-flags byte and level_idc from `avcC`, as hex (ISO 14496-15). */
export function avcCodecString(sampleEntryType: string, buf: Buffer, avcC: Box): string {
  ensureRange(buf, avcC, avcC.contentOffset, 4);
  const bytes = buf.subarray(avcC.contentOffset + 1, avcC.contentOffset + 4);
  return `${sampleEntryType}.${bytes.toString('hex')}`;
}

/**
 * `hvc1.[A-C]?PROFILE.COMPAT.TIER+LEVEL.CONSTRAINTS` per ISO 14496-15 annex E: the profile space as a letter
 * (none for 0), profile_idc in decimal, the 32 compatibility flags bit-reversed in hex, L or H tier with
 * level_idc in decimal, then the six constraint bytes in hex with trailing zero bytes left out.
 */
export function hevcCodecString(sampleEntryType: string, buf: Buffer, hvcC: Box): string {
  const start = hvcC.contentOffset;
  ensureRange(buf, hvcC, start, 13);
  const profileByte = buf.readUInt8(start + 1);
  const profileSpace = ['', 'A', 'B', 'C'][profileByte >> 6] ?? '';
  const tier = profileByte & 0x20 ? 'H' : 'L';
  const profileIdc = profileByte & 0x1f;
  const compatibility = reverseBits32(buf.readUInt32BE(start + 2));
  const constraints = [...buf.subarray(start + 6, start + 12)];
  while (constraints.length > 0 && constraints[constraints.length - 1] === 0) constraints.pop();
  const levelIdc = buf.readUInt8(start + 12);
  return [
    sampleEntryType,
    `${profileSpace}${profileIdc}`,
    compatibility.toString(16).toUpperCase(),
    `${tier}${levelIdc}`,
    ...constraints.map((byte) => byte.toString(16).toUpperCase().padStart(2, '0')),
  ].join('.');
}

/**
 * `av01.P.LLT.DD` (AV1 codec ISO-BMFF binding, section 5): seq_profile, seq_level_idx_0 on two digits with the
 * tier letter, and the bit depth on two digits. The optional colour fields are left out, as players allow.
 */
export function av1CodecString(buf: Buffer, av1C: Box): string {
  const start = av1C.contentOffset;
  ensureRange(buf, av1C, start, 4);
  if ((buf.readUInt8(start) & 0x80) === 0) throw mediaFormatError("'av1C' marker bit is not set");
  const profileByte = buf.readUInt8(start + 1);
  const flagsByte = buf.readUInt8(start + 2);
  const profile = profileByte >> 5;
  const level = profileByte & 0x1f;
  const tier = flagsByte & 0x80 ? 'H' : 'M';
  const highBitdepth = (flagsByte & 0x40) !== 0;
  const twelveBit = (flagsByte & 0x20) !== 0;
  const bitDepth = profile === 2 && highBitdepth ? (twelveBit ? 12 : 10) : highBitdepth ? 10 : 8;
  return `av01.${profile}.${pad2(level)}${tier}.${pad2(bitDepth)}`;
}

/** `vp09.PP.LL.DD` (VP9 ISO-BMFF binding): profile, level and bit depth from `vpcC` version 1, two digits each. */
export function vp9CodecString(buf: Buffer, vpcC: Box): string {
  const { version, contentOffset } = readFullBoxHeader(buf, vpcC);
  if (version !== 1) throw mediaFormatError(`'vpcC' version ${version} is not supported (expected 1)`);
  ensureRange(buf, vpcC, contentOffset, 3);
  const profile = buf.readUInt8(contentOffset);
  const level = buf.readUInt8(contentOffset + 1);
  const bitDepth = buf.readUInt8(contentOffset + 2) >> 4;
  return `vp09.${pad2(profile)}.${pad2(level)}.${pad2(bitDepth)}`;
}

/**
 * `mp4a.40.AOT` for MPEG-4 audio (object type indication 0x40) with the Audio Object Type of its
 * AudioSpecificConfig; other object types (MPEG-1/2 audio) are named by their indication in hex.
 */
export function mp4aCodecString(objectTypeIndication: number, audioObjectType: number | null): string {
  if (objectTypeIndication === 0x40) {
    if (audioObjectType === null)
      throw mediaFormatError("MPEG-4 audio 'esds' without an AudioSpecificConfig");
    return `mp4a.40.${audioObjectType}`;
  }
  return `mp4a.${objectTypeIndication.toString(16).toUpperCase().padStart(2, '0')}`;
}

function reverseBits32(value: number): number {
  let reversed = 0;
  for (let bit = 0; bit < 32; bit += 1) reversed = (reversed << 1) | ((value >>> bit) & 1);
  return reversed >>> 0;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
