/**
 * The first sample entry of an `stsd` box: the visual or audio fields it carries and the codec string of its
 * decoder configuration.
 */
import { parseEsds } from './audio-specific-config.js';
import {
  type Box,
  childBoxes,
  ensureRange,
  findBox,
  mediaFormatError,
  readFullBoxHeader,
  requireBox,
} from './box-reader.js';
import {
  av1CodecString,
  avcCodecString,
  hevcCodecString,
  mp4aCodecString,
  vp9CodecString,
} from './codec-strings.js';

export interface SampleEntryInfo {
  /** The sample entry's four-character code (`avc1`, `mp4a`). */
  readonly format: string;
  /** RFC 6381 codec string. */
  readonly codecs: string;
  /** Coded size from a visual sample entry; null for other kinds. */
  readonly width: number | null;
  readonly height: number | null;
  /** From an audio sample entry; for `mp4a` the AudioSpecificConfig's channel configuration wins. */
  readonly channelCount: number | null;
  readonly sampleRateHz: number | null;
}

/** Bytes between a sample entry's header and its child boxes (ISO 14496-12, 12.1.3 and 12.2.3). */
const VISUAL_SAMPLE_ENTRY_BYTES = 78;
const AUDIO_SAMPLE_ENTRY_BYTES = 28;
/** QuickTime sound description versions 1 and 2 append these many bytes to the ISO layout. */
const QUICKTIME_AUDIO_EXTRA_BYTES: Readonly<Record<number, number>> = { 0: 0, 1: 16, 2: 36 };
/** Codecs whose RFC 6381 name is their (normalised) sample entry code. */
const PLAIN_CODEC_NAMES: Readonly<Record<string, string>> = { Opus: 'opus', fLaC: 'flac' };

export function parseSampleEntry(buf: Buffer, stsd: Box, handler: string): SampleEntryInfo {
  const { contentOffset } = readFullBoxHeader(buf, stsd);
  ensureRange(buf, stsd, contentOffset, 4);
  const entryCount = buf.readUInt32BE(contentOffset);
  const [entry] = childBoxes(buf, stsd, 8);
  if (entryCount === 0 || !entry) throw mediaFormatError("'stsd' has no sample entry");
  if (handler === 'vide') return parseVisualEntry(buf, entry);
  if (handler === 'soun') return parseAudioEntry(buf, entry);
  return {
    format: entry.type,
    codecs: entry.type,
    width: null,
    height: null,
    channelCount: null,
    sampleRateHz: null,
  };
}

function parseVisualEntry(buf: Buffer, entry: Box): SampleEntryInfo {
  ensureRange(buf, entry, entry.contentOffset, VISUAL_SAMPLE_ENTRY_BYTES);
  const children = childBoxes(buf, entry, VISUAL_SAMPLE_ENTRY_BYTES);
  return {
    format: entry.type,
    codecs: visualCodecString(buf, entry.type, children),
    width: buf.readUInt16BE(entry.contentOffset + 24),
    height: buf.readUInt16BE(entry.contentOffset + 26),
    channelCount: null,
    sampleRateHz: null,
  };
}

function visualCodecString(buf: Buffer, format: string, children: readonly Box[]): string {
  const where = `'${format}' sample entry`;
  switch (format) {
    case 'avc1':
    case 'avc3':
      return avcCodecString(format, buf, requireBox(children, 'avcC', where));
    case 'hvc1':
    case 'hev1':
      return hevcCodecString(format, buf, requireBox(children, 'hvcC', where));
    case 'av01':
      return av1CodecString(buf, requireBox(children, 'av1C', where));
    case 'vp09':
      return vp9CodecString(buf, requireBox(children, 'vpcC', where));
    default:
      return format;
  }
}

function parseAudioEntry(buf: Buffer, entry: Box): SampleEntryInfo {
  ensureRange(buf, entry, entry.contentOffset, AUDIO_SAMPLE_ENTRY_BYTES);
  const quickTimeVersion = buf.readUInt16BE(entry.contentOffset + 8);
  const extraBytes = QUICKTIME_AUDIO_EXTRA_BYTES[quickTimeVersion];
  if (extraBytes === undefined)
    throw mediaFormatError(`audio sample entry version ${quickTimeVersion} is unknown`);
  const entryChannels = buf.readUInt16BE(entry.contentOffset + 16);
  // 16.16 fixed point; 0 when the rate does not fit (above 65535 Hz), then the decoder config is the source.
  const entryRateHz = buf.readUInt32BE(entry.contentOffset + 24) >>> 16;
  const children = childBoxes(buf, entry, AUDIO_SAMPLE_ENTRY_BYTES + extraBytes);
  let codecs = PLAIN_CODEC_NAMES[entry.type] ?? entry.type;
  let channelCount = entryChannels;
  let sampleRateHz = entryRateHz;
  if (entry.type === 'mp4a') {
    const esds = findBox(children, 'esds');
    if (!esds) throw mediaFormatError("'mp4a' sample entry has no 'esds' box");
    const config = parseEsds(buf, esds);
    codecs = mp4aCodecString(config.objectTypeIndication, config.audioObjectType);
    // The sample entry's channelcount is often a placeholder 2; the AudioSpecificConfig is what decoders use.
    channelCount = config.channelCount ?? entryChannels;
    if (sampleRateHz === 0) sampleRateHz = config.samplingFrequencyHz ?? 0;
  }
  return { format: entry.type, codecs, width: null, height: null, channelCount, sampleRateHz };
}
