import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { AppError } from '../domain/errors.js';

/**
 * A local file about to be stored under `key` (ObjectStore.putFile): its bytes as a stream and its size, which
 * lets a store stream it without buffering. A file that cannot be read is the caller's fault, named as such.
 */
export async function openLocalFile(
  key: string,
  filePath: string,
): Promise<{ readonly body: Readable; readonly sizeBytes: number }> {
  let sizeBytes: number;
  try {
    sizeBytes = (await stat(filePath)).size;
  } catch (error) {
    throw new AppError('internal', 'The local file to upload cannot be read.', {
      details: { key },
      cause: error,
    });
  }
  return { body: createReadStream(filePath), sizeBytes };
}
