/**
 * Removes abandoned resumable uploads: every upload untouched past its Upload-Expires (and finished ones,
 * which keep their row until then so clients can read their asset id), with every part object. Each origin
 * sweeps on a timer; two sweeping at once is harmless (deletes are idempotent). Objects go first, then the
 * row: a sweep interrupted in between leaves a row the next sweep finishes.
 */
import type { Clock, Logger, ObjectStore, UploadStore } from '../../packager/ports.js';
import { uploadPrefix } from './upload-keys.js';

export interface UploadSweeperDeps {
  readonly uploads: UploadStore;
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly logger: Logger;
}

const BATCH = 100;

/** One sweep; returns how many uploads it removed. */
export async function sweepExpiredUploads(deps: UploadSweeperDeps): Promise<number> {
  let removed = 0;
  for (;;) {
    const expired = await deps.uploads.listExpiredUploads(deps.clock.nowMs(), BATCH);
    for (const upload of expired) {
      const objects = await deps.store.deletePrefix(uploadPrefix(upload.id));
      await deps.uploads.deleteUpload(upload.id);
      removed += 1;
      deps.logger.info(
        { uploadId: upload.id, offsetBytes: upload.offsetBytes, lengthBytes: upload.lengthBytes, objects },
        upload.assetId === null ? 'abandoned upload removed' : 'finished upload record removed',
      );
    }
    if (expired.length < BATCH) return removed;
  }
}

export interface UploadSweeper {
  stop(): void;
}

/** Sweeps every `intervalMs` (not overlapping itself) until stopped. */
export function startUploadSweeper(deps: UploadSweeperDeps, intervalMs: number): UploadSweeper {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepExpiredUploads(deps)
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'sweeping expired uploads failed'))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
