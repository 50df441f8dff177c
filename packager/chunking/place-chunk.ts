/**
 * The stitch of a split-and-stitch encode, in its two halves. Each chunk is encoded on its own, starting at
 * decode time 0:
 * - createChunkPlacer (the part, as its encode writes segments): every fragment moves to chunkStart x timescale + its own
 *   decode time (shiftDecodeTimes rewrites the fixed-size tfdt in place), so the part's segments are the
 *   presentation's segments, ready to publish at their final keys.
 * - assertSameInit (the finish): every chunk's init segment must be byte-identical to the first chunk's (the
 *   encoder settings and `use_editlist=0` make them so; anything else would need a second init and a
 *   discontinuity, so it fails loudly). The describe step then checks continuity (F3) across the boundaries
 *   like anywhere else.
 */
import fs from 'node:fs/promises';
import type { FrameRate } from '../../manifests/model.js';
import { AppError } from '../domain/errors.js';
import type { InitSegmentInfo } from '../media/init-segment.js';
import { readInitSegmentFile, readSegmentFile } from '../media/read-media-file.js';
import { shiftDecodeTimes } from '../media/shift-decode-times.js';
import type { TranscodedRendition } from '../ports.js';
import { chunkStartTicks } from './chunk-plan.js';

export interface ChunkPlacer {
  /** Places the segments of `rendition` up to `count` (those placed before are left alone). */
  place(rendition: TranscodedRendition, count: number): Promise<void>;
}

/**
 * Rewrites the segments of a chunk starting at output frame `startFrame` to their place in the whole, each
 * once, as the encode writes them (a part stores its segments while it runs).
 */
export function createChunkPlacer(startFrame: number, frameRate: FrameRate): ChunkPlacer {
  const placed = new Map<string, number>();
  const inits = new Map<string, Promise<InitSegmentInfo>>();
  return {
    async place(rendition, count) {
      const from = placed.get(rendition.id) ?? 0;
      if (count <= from) return;
      placed.set(rendition.id, count);
      if (startFrame === 0) return;
      let init = inits.get(rendition.id);
      if (!init) {
        init = readInitSegmentFile(rendition.initPath);
        inits.set(rendition.id, init);
      }
      const info = await init;
      const deltaTicks = chunkStartTicks(startFrame, frameRate, info.timescale);
      for (const segmentPath of rendition.segmentPaths.slice(from, count)) {
        await fs.writeFile(
          segmentPath,
          shiftDecodeTimes(await readSegmentFile(segmentPath), info, deltaTicks),
        );
      }
    },
  };
}

/** Throws `transcode_failed` (F1) when chunk `chunk`'s init segment of `rendition` is not the first chunk's. */
export function assertSameInit(first: Buffer, other: Buffer, chunk: number, rendition: string): void {
  if (other.equals(first)) return;
  throw new AppError(
    'transcode_failed',
    `F1: chunk ${chunk} of rendition ${rendition} has a different init segment than chunk 0; ` +
      'chunks can only be stitched under one init segment.',
    { details: { rule: 'F1', chunk, rendition } },
  );
}
