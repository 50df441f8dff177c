/**
 * The stitch of a split-and-stitch encode: chunks encoded separately (each starting at decode time 0) become
 * one rendition per id. Every chunk's init segment must be byte-identical to the first chunk's (the encoder
 * settings and `use_editlist=0` make them so; anything else would need a second init and a discontinuity, so
 * it fails loudly), and each later chunk's fragments move to chunkStart x timescale + their own decode time
 * (shiftDecodeTimes rewrites the fixed-size tfdt in place). The describe stage then checks continuity (F3)
 * across the boundaries like anywhere else.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FrameRate } from '../../manifests/model.js';
import { AppError } from '../domain/errors.js';
import { parseInitSegment } from '../media/init-segment.js';
import { readSegmentFile } from '../media/read-media-file.js';
import { shiftDecodeTimes } from '../media/shift-decode-times.js';
import type { TranscodedRendition } from '../ports.js';
import { chunkStartTicks } from './chunk-plan.js';

export interface EncodedChunk {
  /** First output frame of the chunk (ChunkSpec.startFrame). */
  readonly startFrame: number;
  /** The chunk's renditions as the transcoder wrote them, each starting at decode time 0. */
  readonly renditions: readonly TranscodedRendition[];
}

/**
 * Joins `chunks` (in source order) into whole renditions, writing shifted segments under `outputDir`; the
 * first chunk's files are used as they are. Throws `transcode_failed` when a chunk lacks a rendition or its
 * init segment differs from the first chunk's.
 */
export async function stitchChunks(
  chunks: readonly EncodedChunk[],
  frameRate: FrameRate,
  outputDir: string,
): Promise<TranscodedRendition[]> {
  const [first, ...later] = chunks;
  if (!first) throw new AppError('internal', 'There are no chunks to stitch.');
  const stitched: TranscodedRendition[] = [];
  for (const rendition of first.renditions) {
    const initBytes = await readSegmentFile(rendition.initPath);
    const init = parseInitSegment(initBytes);
    const segmentPaths = [...rendition.segmentPaths];
    const folder = path.join(outputDir, rendition.id);
    await fs.mkdir(folder, { recursive: true });
    for (const [offset, chunk] of later.entries()) {
      const index = offset + 1;
      const part = chunk.renditions.find((candidate) => candidate.id === rendition.id);
      if (!part) {
        throw new AppError('transcode_failed', `Chunk ${index} has no ${rendition.id} rendition.`, {
          details: { chunk: index, rendition: rendition.id },
        });
      }
      const partInit = await readSegmentFile(part.initPath);
      if (!partInit.equals(initBytes)) {
        throw new AppError(
          'transcode_failed',
          `F1: chunk ${index} of rendition ${rendition.id} has a different init segment than chunk 0; ` +
            'chunks can only be stitched under one init segment.',
          { details: { rule: 'F1', chunk: index, rendition: rendition.id } },
        );
      }
      const deltaTicks = chunkStartTicks(chunk.startFrame, frameRate, init.timescale);
      for (const segmentPath of part.segmentPaths) {
        const shifted = shiftDecodeTimes(await readSegmentFile(segmentPath), init, deltaTicks);
        const target = path.join(folder, `${segmentPaths.length + 1}.m4s`);
        await fs.writeFile(target, shifted);
        segmentPaths.push(target);
      }
    }
    stitched.push({ id: rendition.id, type: rendition.type, initPath: rendition.initPath, segmentPaths });
  }
  return stitched;
}
