/**
 * The thin I/O edge of the media reader: init and media segments are small (kilobytes to a few megabytes), so
 * each is read whole and parsed in memory. A size cap keeps a wrong path (a whole source video) from being
 * loaded into memory by mistake.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError, isAppError } from '../domain/errors.js';
import { type InitSegmentInfo, parseInitSegment } from './init-segment.js';
import { type MediaSegmentInfo, parseMediaSegment } from './media-segment.js';

/** Far above any 2-10 s segment of a sane ladder, far below a source file. */
export const MAX_SEGMENT_FILE_BYTES = 256 * 1024 * 1024;

export async function readInitSegmentFile(filePath: string): Promise<InitSegmentInfo> {
  const buf = await readSegmentFile(filePath);
  return withFileName(filePath, () => parseInitSegment(buf));
}

export async function readMediaSegmentFile(
  filePath: string,
  init: InitSegmentInfo,
): Promise<MediaSegmentInfo> {
  const buf = await readSegmentFile(filePath);
  return withFileName(filePath, () => parseMediaSegment(buf, init));
}

/** Reads one init or media segment whole; a missing or oversized file is a packaging failure. */
export async function readSegmentFile(filePath: string): Promise<Buffer> {
  try {
    const { size } = await fs.stat(filePath);
    if (size > MAX_SEGMENT_FILE_BYTES) {
      throw new AppError(
        'transcode_failed',
        `${path.basename(filePath)} is ${size} bytes, too large for a segment`,
        {
          details: { file: path.basename(filePath), sizeBytes: size },
        },
      );
    }
    return await fs.readFile(filePath);
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError('transcode_failed', `cannot read segment ${path.basename(filePath)}`, {
      details: { file: path.basename(filePath), reason: (error as NodeJS.ErrnoException).code ?? 'unknown' },
      cause: error,
    });
  }
}

function withFileName<T>(filePath: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!isAppError(error)) throw error;
    const file = path.basename(filePath);
    throw new AppError(error.code, `${file}: ${error.message}`, {
      details: { ...error.details, file },
      cause: error,
    });
  }
}
