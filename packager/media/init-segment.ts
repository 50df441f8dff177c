/**
 * Facts of a CMAF / fragmented-MP4 init segment (`ftyp` + `moov`): what the manifests announce (codecs,
 * size, channels) and what the segment rules check (brands, one track, `mvex`, no samples, edit list).
 */
import {
  type Box,
  childBoxes,
  ensureRange,
  filterBoxes,
  findBox,
  fourCc,
  mediaFormatError,
  readBoxes,
  readFullBoxHeader,
  readInt64,
  readUInt64,
  requireBox,
  requirePath,
} from './box-reader.js';
import { parseSampleEntry } from './sample-entry.js';

/** `vide`, `soun`, or any other handler type as written. */
export type HandlerType = 'vide' | 'soun' | (string & {});

/** `trex`: the sample defaults every fragment of the track inherits unless `tfhd`/`trun` override them. */
export interface TrackExtendsDefaults {
  readonly sampleDescriptionIndex: number;
  readonly sampleDurationTicks: number;
  readonly sampleSizeBytes: number;
  readonly sampleFlags: number;
}

/** One `elst` entry. */
export interface EditListEntry {
  /** Length of the edit in the movie timescale (`mvhd`), not the track's. */
  readonly segmentDurationTicks: number;
  /** Start of the edit in track (media) ticks; -1 marks an empty edit (a gap before the media). */
  readonly mediaTimeTicks: number;
  readonly mediaRate: number;
}

export interface InitSegmentInfo {
  /** `ftyp` major brand followed by the compatible brands, without repeats. */
  readonly brands: readonly string[];
  /** Number of `trak` boxes; CMAF wants exactly one. The fields below describe the first. */
  readonly trackCount: number;
  readonly trackId: number;
  readonly handler: HandlerType;
  /** Track (media) timescale from `mdhd`: the unit of every tfdt and sample duration. */
  readonly timescale: number;
  /** Movie timescale from `mvhd`: the unit of edit list durations. */
  readonly movieTimescale: number;
  /** RFC 6381 codec string (`avc1.64001f`, `mp4a.40.2`). */
  readonly codecs: string;
  /** The sample entry's four-character code. */
  readonly sampleEntryFormat: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly channelCount: number | null;
  readonly sampleRateHz: number | null;
  readonly hasMvex: boolean;
  /** Defaults for this track from `mvex/trex`, null when absent. */
  readonly trex: TrackExtendsDefaults | null;
  readonly editList: readonly EditListEntry[];
  /** Samples described in `stbl` itself; 0 in a fragmented file (they live in the fragments). */
  readonly sampleCount: number;
}

export function parseInitSegment(buf: Buffer): InitSegmentInfo {
  const top = readBoxes(buf);
  const brands = readBrands(buf, requireBox(top, 'ftyp', 'the init segment'));
  const moov = requireBox(top, 'moov', 'the init segment');
  const moovChildren = childBoxes(buf, moov);
  const movieTimescale = readMovieTimescale(buf, requireBox(moovChildren, 'mvhd', "'moov'"));
  const traks = filterBoxes(moovChildren, 'trak');
  const [trak] = traks;
  if (!trak) throw mediaFormatError("the init segment's 'moov' has no 'trak'");
  const trakChildren = childBoxes(buf, trak);
  const trackId = readTrackId(buf, requireBox(trakChildren, 'tkhd', "'trak'"));
  const mdiaChildren = childBoxes(buf, requireBox(trakChildren, 'mdia', "'trak'"));
  const timescale = readMediaTimescale(buf, requireBox(mdiaChildren, 'mdhd', "'mdia'"));
  const handler = readHandler(buf, requireBox(mdiaChildren, 'hdlr', "'mdia'"));
  const stbl = requirePath(buf, mdiaChildren, ['minf', 'stbl']);
  const stblChildren = childBoxes(buf, stbl);
  const sampleEntry = parseSampleEntry(buf, requireBox(stblChildren, 'stsd', "'stbl'"), handler);
  const edts = findBox(trakChildren, 'edts');
  const elst = edts ? findBox(childBoxes(buf, edts), 'elst') : undefined;
  const mvex = findBox(moovChildren, 'mvex');
  return {
    brands,
    trackCount: traks.length,
    trackId,
    handler,
    timescale,
    movieTimescale,
    codecs: sampleEntry.codecs,
    sampleEntryFormat: sampleEntry.format,
    width: sampleEntry.width,
    height: sampleEntry.height,
    channelCount: sampleEntry.channelCount,
    sampleRateHz: sampleEntry.sampleRateHz,
    hasMvex: mvex !== undefined,
    trex: mvex ? readTrex(buf, childBoxes(buf, mvex), trackId) : null,
    editList: elst ? readEditList(buf, elst) : [],
    sampleCount: countTableSamples(buf, stblChildren),
  };
}

function readBrands(buf: Buffer, ftyp: Box): string[] {
  ensureRange(buf, ftyp, ftyp.contentOffset, 8);
  const brands = [fourCc(buf, ftyp.contentOffset)];
  // Skip minor_version; compatible brands fill the rest, 4 bytes each.
  for (let offset = ftyp.contentOffset + 8; offset + 4 <= ftyp.end; offset += 4)
    brands.push(fourCc(buf, offset));
  return [...new Set(brands)];
}

/** Offset of the field after creation and modification times, whose width depends on the version. */
function afterTimes(buf: Buffer, box: Box): number {
  const { version, contentOffset } = readFullBoxHeader(buf, box);
  return contentOffset + (version === 1 ? 16 : 8);
}

function readMovieTimescale(buf: Buffer, mvhd: Box): number {
  const offset = afterTimes(buf, mvhd);
  ensureRange(buf, mvhd, offset, 4);
  return buf.readUInt32BE(offset);
}

function readTrackId(buf: Buffer, tkhd: Box): number {
  const offset = afterTimes(buf, tkhd);
  ensureRange(buf, tkhd, offset, 4);
  return buf.readUInt32BE(offset);
}

function readMediaTimescale(buf: Buffer, mdhd: Box): number {
  const offset = afterTimes(buf, mdhd);
  ensureRange(buf, mdhd, offset, 4);
  const timescale = buf.readUInt32BE(offset);
  if (timescale === 0) throw mediaFormatError("'mdhd' timescale is 0");
  return timescale;
}

function readHandler(buf: Buffer, hdlr: Box): HandlerType {
  const { contentOffset } = readFullBoxHeader(buf, hdlr);
  ensureRange(buf, hdlr, contentOffset, 8);
  return fourCc(buf, contentOffset + 4); // after pre_defined
}

function readTrex(buf: Buffer, mvexChildren: readonly Box[], trackId: number): TrackExtendsDefaults | null {
  for (const trex of filterBoxes(mvexChildren, 'trex')) {
    const { contentOffset: offset } = readFullBoxHeader(buf, trex);
    ensureRange(buf, trex, offset, 20);
    if (buf.readUInt32BE(offset) !== trackId) continue;
    return {
      sampleDescriptionIndex: buf.readUInt32BE(offset + 4),
      sampleDurationTicks: buf.readUInt32BE(offset + 8),
      sampleSizeBytes: buf.readUInt32BE(offset + 12),
      sampleFlags: buf.readUInt32BE(offset + 16),
    };
  }
  return null;
}

function readEditList(buf: Buffer, elst: Box): EditListEntry[] {
  const { version, contentOffset } = readFullBoxHeader(buf, elst);
  ensureRange(buf, elst, contentOffset, 4);
  const count = buf.readUInt32BE(contentOffset);
  const entryBytes = version === 1 ? 20 : 12;
  ensureRange(buf, elst, contentOffset + 4, count * entryBytes);
  const entries: EditListEntry[] = [];
  for (let index = 0, offset = contentOffset + 4; index < count; index += 1, offset += entryBytes) {
    const wide = version === 1;
    const segmentDurationTicks = wide ? readUInt64(buf, offset, 'elst duration') : buf.readUInt32BE(offset);
    const mediaTimeTicks = wide ? readInt64(buf, offset + 8, 'elst media time') : buf.readInt32BE(offset + 4);
    const rateOffset = offset + (wide ? 16 : 8);
    const mediaRate = buf.readInt16BE(rateOffset) + buf.readInt16BE(rateOffset + 2) / 65536;
    entries.push({ segmentDurationTicks, mediaTimeTicks, mediaRate });
  }
  return entries;
}

/** The larger of what `stsz`/`stz2` and `stts` say, so a table that lists samples anywhere is caught. */
function countTableSamples(buf: Buffer, stblChildren: readonly Box[]): number {
  let sizeCount = 0;
  const sizes = findBox(stblChildren, 'stsz') ?? findBox(stblChildren, 'stz2');
  if (sizes) {
    const { contentOffset } = readFullBoxHeader(buf, sizes);
    ensureRange(buf, sizes, contentOffset, 8);
    sizeCount = buf.readUInt32BE(contentOffset + 4);
  }
  let timeCount = 0;
  const stts = findBox(stblChildren, 'stts');
  if (stts) {
    const { contentOffset } = readFullBoxHeader(buf, stts);
    ensureRange(buf, stts, contentOffset, 4);
    const entries = buf.readUInt32BE(contentOffset);
    ensureRange(buf, stts, contentOffset + 4, entries * 8);
    for (let index = 0; index < entries; index += 1)
      timeCount += buf.readUInt32BE(contentOffset + 4 + index * 8);
  }
  return Math.max(sizeCount, timeCount);
}
