/**
 * Facts of one media segment file: the fragments (`moof` + `mdat`) it holds, in order. A segment may start
 * with `styp`/`sidx`/`prft`/`emsg` boxes; they count towards the segment's size but belong to no fragment.
 */
import {
  type Box,
  childBoxes,
  ensureRange,
  filterBoxes,
  findBox,
  mediaFormatError,
  readBoxes,
  readFullBoxHeader,
} from './box-reader.js';
import type { InitSegmentInfo } from './init-segment.js';
import { type SegmentIndexInfo, parseSegmentIndex } from './segment-index.js';
import {
  type SampleInfo,
  type TfdtField,
  parseTrackFragment,
  readTrackFragmentSamples,
} from './track-fragment.js';

export interface FragmentInfo {
  /** `mfhd` sequence_number. */
  readonly sequenceNumber: number;
  /** Decode time of the first sample (tfdt) in track ticks; null when the fragment has no `tfdt`. */
  readonly baseMediaDecodeTime: number | null;
  /** Location of the tfdt value in the segment buffer, for rewriting decode times of chunked encodes. */
  readonly tfdtField: TfdtField | null;
  readonly sampleCount: number;
  /** Sum of the sample durations (trun, else tfhd default, else trex default), in track ticks. */
  readonly durationTicks: number;
  readonly firstSampleIsSync: boolean;
  /** Earliest presentation time minus baseMediaDecodeTime (composition offsets applied), in track ticks. */
  readonly presentationOffsetTicks: number;
  /** Offset of the `moof` in the segment. */
  readonly offsetBytes: number;
  /** The `moof` and the `mdat` box(es) that follow it. */
  readonly sizeBytes: number;
}

export interface MediaSegmentInfo {
  readonly fragments: readonly FragmentInfo[];
  /** The top-level `sidx` boxes, in order (ffmpeg's dash muxer writes one, before the first `moof`). */
  readonly segmentIndexes: readonly SegmentIndexInfo[];
  /** The whole segment file. */
  readonly sizeBytes: number;
}

export function parseMediaSegment(buf: Buffer, init: InitSegmentInfo): MediaSegmentInfo {
  const boxes = readBoxes(buf);
  const fragments: FragmentInfo[] = [];
  let current: { info: Omit<FragmentInfo, 'sizeBytes'>; sizeBytes: number; hasMdat: boolean } | null = null;
  const finish = (): void => {
    if (!current) return;
    if (!current.hasMdat) throw mediaFormatError(`the 'moof' at ${current.info.offsetBytes} has no 'mdat'`);
    fragments.push({ ...current.info, sizeBytes: current.sizeBytes });
    current = null;
  };
  for (const box of boxes) {
    if (box.type === 'moof') {
      finish();
      current = { info: parseMoof(buf, box, init), sizeBytes: box.sizeBytes, hasMdat: false };
    } else if (box.type === 'mdat' && current) {
      current.sizeBytes += box.sizeBytes;
      current.hasMdat = true;
    }
  }
  finish();
  if (fragments.length === 0) throw mediaFormatError("the media segment has no 'moof' box");
  const segmentIndexes = filterBoxes(boxes, 'sidx').map((sidx) => parseSegmentIndex(buf, sidx));
  return { fragments, segmentIndexes, sizeBytes: buf.length };
}

/**
 * The samples of every fragment of a media segment, one list per `moof` in file order (the same order as
 * parseMediaSegment's fragments). Only the `moof` boxes are read: `mdat` payloads may be absent or empty.
 */
export function readSegmentSamples(buf: Buffer, init: InitSegmentInfo): SampleInfo[][] {
  return readBoxes(buf)
    .filter((box) => box.type === 'moof')
    .map((moof) => {
      const [traf] = filterBoxes(childBoxes(buf, moof), 'traf');
      if (!traf) throw mediaFormatError(`the 'moof' at ${moof.offset} has no 'traf'`);
      return readTrackFragmentSamples(buf, traf, init.trex);
    });
}

function parseMoof(buf: Buffer, moof: Box, init: InitSegmentInfo): Omit<FragmentInfo, 'sizeBytes'> {
  const offset = moof.offset;
  const children = childBoxes(buf, moof);
  const mfhd = findBox(children, 'mfhd');
  let sequenceNumber = 0;
  if (mfhd) {
    const { contentOffset } = readFullBoxHeader(buf, mfhd);
    ensureRange(buf, mfhd, contentOffset, 4);
    sequenceNumber = buf.readUInt32BE(contentOffset);
  }
  const trafs = filterBoxes(children, 'traf');
  const [traf] = trafs;
  if (!traf || trafs.length > 1) {
    throw mediaFormatError(
      `the 'moof' at ${offset} has ${trafs.length} 'traf' boxes; one track per file expects 1`,
    );
  }
  const fragment = parseTrackFragment(buf, traf, init.trex);
  if (fragment.trackId !== init.trackId) {
    throw mediaFormatError(
      `the 'moof' at ${offset} carries track ${fragment.trackId} but the init segment describes track ${init.trackId}`,
    );
  }
  return {
    sequenceNumber,
    baseMediaDecodeTime: fragment.baseMediaDecodeTime,
    tfdtField: fragment.tfdtField,
    sampleCount: fragment.sampleCount,
    durationTicks: fragment.durationTicks,
    firstSampleIsSync: fragment.firstSampleIsSync,
    presentationOffsetTicks: fragment.presentationOffsetTicks,
    offsetBytes: offset,
  };
}
