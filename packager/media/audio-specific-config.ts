/**
 * The MPEG-4 audio configuration inside an `esds` box: the ES_Descriptor (ISO 14496-1) wraps a
 * DecoderConfigDescriptor whose DecoderSpecificInfo is the AudioSpecificConfig (ISO 14496-3, 1.6.2.1).
 */
import { type Box, mediaFormatError, readFullBoxHeader } from './box-reader.js';

export interface EsdsInfo {
  /** 0x40 for MPEG-4 audio (AAC and friends). */
  readonly objectTypeIndication: number;
  /** From the AudioSpecificConfig (2 = AAC-LC, 5 = SBR, 29 = PS, 42 = USAC), null when there is none. */
  readonly audioObjectType: number | null;
  readonly samplingFrequencyHz: number | null;
  /** Speaker count implied by channelConfiguration; null when 0 (layout given by a program config element). */
  readonly channelCount: number | null;
}

const ES_DESCRIPTOR = 0x03;
const DECODER_CONFIG_DESCRIPTOR = 0x04;
const DECODER_SPECIFIC_INFO = 0x05;

const SAMPLING_FREQUENCIES_HZ = [
  96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
];
/** channelConfiguration -> number of channels (ISO 14496-3 table 1.19, with the 2013 additions). */
// prettier-ignore
const CHANNELS_BY_CONFIGURATION: Readonly<Record<number, number>> = {
  1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 8, 11: 7, 12: 8, 13: 24, 14: 8,
};

export function parseEsds(buf: Buffer, esds: Box): EsdsInfo {
  const { contentOffset } = readFullBoxHeader(buf, esds);
  const es = readDescriptor(buf, contentOffset, esds.end);
  if (es.tag !== ES_DESCRIPTOR) throw mediaFormatError(`'esds' starts with descriptor tag ${es.tag}, not 3`);
  let offset = es.start + 2; // ES_ID
  const esFlags = buf.readUInt8(offset);
  offset += 1;
  if (esFlags & 0x80) offset += 2; // dependsOn_ES_ID
  if (esFlags & 0x40) offset += 1 + buf.readUInt8(offset); // URL
  if (esFlags & 0x20) offset += 2; // OCR_ES_Id

  const decoderConfig = findDescriptor(buf, offset, es.end, DECODER_CONFIG_DESCRIPTOR);
  if (!decoderConfig || decoderConfig.end - decoderConfig.start < 13) {
    throw mediaFormatError("'esds' has no DecoderConfigDescriptor");
  }
  const objectTypeIndication = buf.readUInt8(decoderConfig.start);
  // objectTypeIndication, streamType, bufferSizeDB (3), maxBitrate (4), avgBitrate (4): 13 bytes.
  const specific = findDescriptor(buf, decoderConfig.start + 13, decoderConfig.end, DECODER_SPECIFIC_INFO);
  if (!specific || objectTypeIndication !== 0x40) {
    return { objectTypeIndication, audioObjectType: null, samplingFrequencyHz: null, channelCount: null };
  }
  return { objectTypeIndication, ...parseAudioSpecificConfig(buf.subarray(specific.start, specific.end)) };
}

/** The leading fields of an AudioSpecificConfig, with the escapes for object type 31 and frequency index 15. */
export function parseAudioSpecificConfig(
  config: Buffer,
): Pick<EsdsInfo, 'audioObjectType' | 'samplingFrequencyHz' | 'channelCount'> {
  const bits = createBitReader(config);
  let audioObjectType = bits.read(5);
  if (audioObjectType === 31) audioObjectType = 32 + bits.read(6);
  const frequencyIndex = bits.read(4);
  const samplingFrequencyHz =
    frequencyIndex === 0xf ? bits.read(24) : (SAMPLING_FREQUENCIES_HZ[frequencyIndex] ?? null);
  const channelConfiguration = bits.read(4);
  return {
    audioObjectType,
    samplingFrequencyHz,
    channelCount: CHANNELS_BY_CONFIGURATION[channelConfiguration] ?? null,
  };
}

interface Descriptor {
  readonly tag: number;
  /** First byte of the payload. */
  readonly start: number;
  readonly end: number;
}

function readDescriptor(buf: Buffer, offset: number, limit: number): Descriptor {
  if (offset + 2 > limit) throw mediaFormatError('truncated descriptor in esds');
  const tag = buf.readUInt8(offset);
  let cursor = offset + 1;
  let size = 0;
  // Expandable size: up to four bytes of 7 bits, high bit set on all but the last.
  for (let index = 0; index < 4; index += 1) {
    if (cursor >= limit) throw mediaFormatError('truncated descriptor size in esds');
    const byte = buf.readUInt8(cursor);
    cursor += 1;
    size = (size << 7) | (byte & 0x7f);
    if ((byte & 0x80) === 0) break;
  }
  if (cursor + size > limit) throw mediaFormatError(`descriptor tag ${tag} overruns its esds box`);
  return { tag, start: cursor, end: cursor + size };
}

function findDescriptor(buf: Buffer, offset: number, limit: number, tag: number): Descriptor | undefined {
  let cursor = offset;
  while (cursor + 2 <= limit) {
    const descriptor = readDescriptor(buf, cursor, limit);
    if (descriptor.tag === tag) return descriptor;
    cursor = descriptor.end;
  }
  return undefined;
}

function createBitReader(bytes: Buffer): { read(count: number): number } {
  let bitOffset = 0;
  return {
    read(count) {
      let value = 0;
      for (let index = 0; index < count; index += 1) {
        const byte = bytes[bitOffset >> 3];
        if (byte === undefined) throw mediaFormatError('AudioSpecificConfig is truncated');
        value = value * 2 + ((byte >> (7 - (bitOffset & 7))) & 1);
        bitOffset += 1;
      }
      return value;
    },
  };
}
