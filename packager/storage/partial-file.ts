import type { WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';

/**
 * Removes the file a failed write stream was writing. A file stream opens asynchronously, and a pipeline
 * that fails early rejects before that open completes: removed at once, the file would reappear when the
 * open lands. So the removal waits for the stream to close first.
 */
export async function removePartialFile(stream: WriteStream, path: string): Promise<void> {
  if (!stream.closed) await new Promise<void>((settle) => stream.once('close', () => settle()));
  await rm(path, { force: true });
}
