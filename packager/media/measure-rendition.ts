/**
 * The I/O half of the describe stage: reads what the transcoder wrote for one rendition and reduces it to
 * facts. Everything after this (validation, tail merging, bandwidths) is pure and lives in
 * pipeline/describe-presentation.ts.
 */
import type { TranscodedRendition } from '../ports.js';
import type { InitSegmentInfo } from './init-segment.js';
import type { FragmentInfo } from './media-segment.js';
import { readInitSegmentFile, readMediaSegmentFile } from './read-media-file.js';
import type { SegmentIndexInfo } from './segment-index.js';

export interface MeasuredSegment {
  /** The file as the transcoder wrote it. */
  readonly path: string;
  readonly sizeBytes: number;
  /** The `moof`+`mdat` pairs in the file, in order (one for ffmpeg's dash muxer). */
  readonly fragments: readonly FragmentInfo[];
  /** Its `sidx` boxes: with the fragment offsets, what a tail merge needs to know the joined size exactly. */
  readonly segmentIndexes: readonly SegmentIndexInfo[];
}

/** What measuring a segment file found, without where the file is: what a chunk's part reports. */
export type SegmentFacts = Omit<MeasuredSegment, 'path'>;

export interface MeasuredRendition {
  readonly id: string;
  readonly type: 'video' | 'audio';
  readonly initPath: string;
  readonly init: InitSegmentInfo;
  /** In presentation order, as the transcoder listed them. */
  readonly segments: readonly MeasuredSegment[];
}

/**
 * Reads the init segment and every media segment of a rendition; unreadable files throw `transcode_failed`.
 * A segment whose facts are `known` (measured where it was written, a chunked run's part) is not read.
 */
export async function measureRendition(
  rendition: TranscodedRendition,
  known?: ReadonlyMap<string, SegmentFacts>,
): Promise<MeasuredRendition> {
  const init = await readInitSegmentFile(rendition.initPath);
  const segments: MeasuredSegment[] = [];
  // One file at a time: renditions are measured in parallel already, and each file is small.
  for (const segmentPath of rendition.segmentPaths) {
    const facts = known?.get(segmentPath);
    if (facts) {
      segments.push({ path: segmentPath, ...facts });
      continue;
    }
    const segment = await readMediaSegmentFile(segmentPath, init);
    segments.push({
      path: segmentPath,
      sizeBytes: segment.sizeBytes,
      fragments: segment.fragments,
      segmentIndexes: segment.segmentIndexes,
    });
  }
  return { id: rendition.id, type: rendition.type, initPath: rendition.initPath, init, segments };
}
