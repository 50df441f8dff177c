/**
 * One `traf` box: its decode time (`tfdt`), sample count, summed durations and whether its first sample is a
 * sync sample, with every value resolved through the defaults chain trun -> tfhd -> trex.
 */
import {
  type Box,
  childBoxes,
  ensureRange,
  filterBoxes,
  findBox,
  mediaFormatError,
  readFullBoxHeader,
  readUInt64,
  requireBox,
} from './box-reader.js';
import type { TrackExtendsDefaults } from './init-segment.js';

/** Where a `tfdt` keeps baseMediaDecodeTime, so a later step can rewrite it in place (same width). */
export interface TfdtField {
  /** Byte offset of the baseMediaDecodeTime field in the buffer that was parsed. */
  readonly offsetBytes: number;
  /** 4 for a version 0 `tfdt`, 8 for version 1. */
  readonly widthBytes: 4 | 8;
}

export interface TrackFragmentInfo {
  readonly trackId: number;
  /** Decode time of the first sample in track ticks, or null when the `traf` has no `tfdt`. */
  readonly baseMediaDecodeTime: number | null;
  readonly tfdtField: TfdtField | null;
  readonly sampleCount: number;
  readonly durationTicks: number;
  readonly firstSampleIsSync: boolean;
  /**
   * Earliest presentation time minus baseMediaDecodeTime, in ticks (composition offsets applied, edit lists
   * not). 0 for audio; for video with B-frames it depends on whether the muxer wrote negative offsets.
   */
  readonly presentationOffsetTicks: number;
}

/** One sample of a track fragment, in decode order. */
export interface SampleInfo {
  readonly durationTicks: number;
  /** Presentation time minus decode time, in ticks; negative with version 1 `trun` boxes. */
  readonly compositionOffsetTicks: number;
  readonly isSync: boolean;
}

/** sample_is_non_sync_sample in the sample flags word (ISO 14496-12, 8.8.3.1). */
const SAMPLE_IS_NON_SYNC = 0x0001_0000;

const TFHD_BASE_DATA_OFFSET = 0x01;
const TFHD_SAMPLE_DESCRIPTION_INDEX = 0x02;
const TFHD_DEFAULT_DURATION = 0x08;
const TFHD_DEFAULT_SIZE = 0x10;
const TFHD_DEFAULT_FLAGS = 0x20;

const TRUN_DATA_OFFSET = 0x001;
const TRUN_FIRST_SAMPLE_FLAGS = 0x004;
const TRUN_SAMPLE_DURATION = 0x100;
const TRUN_SAMPLE_SIZE = 0x200;
const TRUN_SAMPLE_FLAGS = 0x400;
const TRUN_COMPOSITION_OFFSET = 0x800;

/** True when sample flags describe a sync sample: not flagged non-sync and not depending on other samples. */
export function isSyncSample(sampleFlags: number): boolean {
  const dependsOn = (sampleFlags >>> 24) & 0x3;
  return (sampleFlags & SAMPLE_IS_NON_SYNC) === 0 && dependsOn !== 1;
}

export function parseTrackFragment(
  buf: Buffer,
  traf: Box,
  trex: TrackExtendsDefaults | null,
): TrackFragmentInfo {
  const children = childBoxes(buf, traf);
  const defaults = readTfhd(buf, requireBox(children, 'tfhd', "'traf'"));
  const tfdt = findBox(children, 'tfdt');
  let baseMediaDecodeTime: number | null = null;
  let tfdtField: TfdtField | null = null;
  if (tfdt) {
    const { version, contentOffset } = readFullBoxHeader(buf, tfdt);
    const widthBytes = version === 1 ? 8 : 4;
    ensureRange(buf, tfdt, contentOffset, widthBytes);
    baseMediaDecodeTime =
      widthBytes === 8
        ? readUInt64(buf, contentOffset, 'tfdt baseMediaDecodeTime')
        : buf.readUInt32BE(contentOffset);
    tfdtField = { offsetBytes: contentOffset, widthBytes };
  }

  const samples = readSamples(buf, children, defaults, trex);
  let durationTicks = 0;
  let presentationOffsetTicks = Number.POSITIVE_INFINITY;
  for (const sample of samples) {
    presentationOffsetTicks = Math.min(
      presentationOffsetTicks,
      durationTicks + sample.compositionOffsetTicks,
    );
    durationTicks += sample.durationTicks;
  }
  return {
    trackId: defaults.trackId,
    baseMediaDecodeTime,
    tfdtField,
    sampleCount: samples.length,
    durationTicks,
    firstSampleIsSync: samples[0]?.isSync ?? false,
    presentationOffsetTicks: samples.length === 0 ? 0 : presentationOffsetTicks,
  };
}

/**
 * Every sample of a `traf`, in decode order, with duration, composition offset and sync flag resolved through
 * trun -> tfhd -> trex. For checks that need more than the summary of parseTrackFragment (GOP structure).
 */
export function readTrackFragmentSamples(
  buf: Buffer,
  traf: Box,
  trex: TrackExtendsDefaults | null,
): SampleInfo[] {
  const children = childBoxes(buf, traf);
  return readSamples(buf, children, readTfhd(buf, requireBox(children, 'tfhd', "'traf'")), trex);
}

function readSamples(
  buf: Buffer,
  children: readonly Box[],
  defaults: TfhdDefaults,
  trex: TrackExtendsDefaults | null,
): SampleInfo[] {
  const defaultDuration = defaults.sampleDurationTicks ?? trex?.sampleDurationTicks;
  const defaultFlags = defaults.sampleFlags ?? trex?.sampleFlags ?? 0;
  const samples: SampleInfo[] = [];
  for (const trun of filterBoxes(children, 'trun')) {
    const { version, flags, contentOffset } = readFullBoxHeader(buf, trun);
    ensureRange(buf, trun, contentOffset, 4);
    const count = buf.readUInt32BE(contentOffset);
    let offset = contentOffset + 4;
    if (flags & TRUN_DATA_OFFSET) offset += 4;
    let runFirstFlags: number | null = null;
    if (flags & TRUN_FIRST_SAMPLE_FLAGS) {
      ensureRange(buf, trun, offset, 4);
      runFirstFlags = buf.readUInt32BE(offset);
      offset += 4;
    }
    const fieldCount = [
      TRUN_SAMPLE_DURATION,
      TRUN_SAMPLE_SIZE,
      TRUN_SAMPLE_FLAGS,
      TRUN_COMPOSITION_OFFSET,
    ].filter((bit) => flags & bit).length;
    ensureRange(buf, trun, offset, count * fieldCount * 4);
    for (let index = 0; index < count; index += 1) {
      let duration = defaultDuration;
      let sampleFlags = index === 0 && runFirstFlags !== null ? runFirstFlags : defaultFlags;
      let compositionOffset = 0;
      if (flags & TRUN_SAMPLE_DURATION) {
        duration = buf.readUInt32BE(offset);
        offset += 4;
      }
      if (flags & TRUN_SAMPLE_SIZE) offset += 4;
      if (flags & TRUN_SAMPLE_FLAGS) {
        // first_sample_flags, when present, overrides the first sample's own flags.
        if (!(index === 0 && runFirstFlags !== null)) sampleFlags = buf.readUInt32BE(offset);
        offset += 4;
      }
      if (flags & TRUN_COMPOSITION_OFFSET) {
        compositionOffset = version === 0 ? buf.readUInt32BE(offset) : buf.readInt32BE(offset);
        offset += 4;
      }
      if (duration === undefined) {
        throw mediaFormatError('a sample has no duration in trun, tfhd or trex', {
          trackId: defaults.trackId,
        });
      }
      samples.push({
        durationTicks: duration,
        compositionOffsetTicks: compositionOffset,
        isSync: isSyncSample(sampleFlags),
      });
    }
  }
  return samples;
}

interface TfhdDefaults {
  readonly trackId: number;
  readonly sampleDurationTicks: number | undefined;
  readonly sampleFlags: number | undefined;
}

function readTfhd(buf: Buffer, tfhd: Box): TfhdDefaults {
  const { flags, contentOffset } = readFullBoxHeader(buf, tfhd);
  ensureRange(buf, tfhd, contentOffset, 4);
  const trackId = buf.readUInt32BE(contentOffset);
  let offset = contentOffset + 4;
  if (flags & TFHD_BASE_DATA_OFFSET) offset += 8;
  if (flags & TFHD_SAMPLE_DESCRIPTION_INDEX) offset += 4;
  let sampleDurationTicks: number | undefined;
  let sampleFlags: number | undefined;
  if (flags & TFHD_DEFAULT_DURATION) {
    ensureRange(buf, tfhd, offset, 4);
    sampleDurationTicks = buf.readUInt32BE(offset);
    offset += 4;
  }
  if (flags & TFHD_DEFAULT_SIZE) offset += 4;
  if (flags & TFHD_DEFAULT_FLAGS) {
    ensureRange(buf, tfhd, offset, 4);
    sampleFlags = buf.readUInt32BE(offset);
  }
  return { trackId, sampleDurationTicks, sampleFlags };
}
