/**
 * Where the parts of a chunked run wait for their finish job: object storage (workers are on different
 * machines), under the revision's `_work/` prefix. `_` cannot start a rendition id, so no playback path can
 * name these objects; deleting the revision prefix (failure, delete) removes them with everything else, and
 * the finish of the ladder stage removes `_work/` once the revision is committed.
 *
 * Each attempt of a part writes under its own folder, and the finish job reads only the folder the completed
 * attempt reported: a worker that lost its job (stalled, then taken over) can never mix its files in.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { revisionPrefix } from '../domain/object-keys.js';
import type { ObjectStore, TranscodedRendition } from '../ports.js';
import { runPool } from '../pipeline/run-pool.js';

const PARALLEL_TRANSFERS = 8;

export function workPrefix(assetId: string, revision: number): string {
  return `${revisionPrefix(assetId, revision)}_work/`;
}

export function partPrefix(
  assetId: string,
  revision: number,
  stage: string,
  part: string,
  attempt: string,
): string {
  return `${workPrefix(assetId, revision)}${stage}/${part}/${attempt}/`;
}

/** The preview stage's presentation and probe, kept for the ladder stage's finish job. */
export function previewArtifactKey(assetId: string, revision: number): string {
  return `${workPrefix(assetId, revision)}preview.json`;
}

/** Uploads each rendition's init and segments; returns the segment count per rendition. */
export async function uploadPart(
  store: ObjectStore,
  prefix: string,
  renditions: readonly TranscodedRendition[],
  signal?: AbortSignal,
): Promise<Record<string, number>> {
  const uploads: Array<() => Promise<unknown>> = [];
  const counts: Record<string, number> = {};
  for (const rendition of renditions) {
    const contentType = rendition.type === 'video' ? 'video/mp4' : 'audio/mp4';
    counts[rendition.id] = rendition.segmentPaths.length;
    uploads.push(() => store.putFile(`${prefix}${rendition.id}/init.mp4`, rendition.initPath, contentType));
    rendition.segmentPaths.forEach((file, index) =>
      uploads.push(() => store.putFile(`${prefix}${rendition.id}/${index + 1}.m4s`, file, contentType)),
    );
  }
  await runPool(uploads, PARALLEL_TRANSFERS, async (upload) => {
    signal?.throwIfAborted();
    await upload();
  });
  return counts;
}

/** Downloads a part written by uploadPart into `dir`; `types` says which rendition ids are video. */
export async function downloadPart(
  store: ObjectStore,
  prefix: string,
  counts: Readonly<Record<string, number>>,
  types: Readonly<Record<string, 'video' | 'audio'>>,
  dir: string,
  signal?: AbortSignal,
): Promise<TranscodedRendition[]> {
  const downloads: Array<() => Promise<void>> = [];
  const renditions: TranscodedRendition[] = [];
  for (const [id, count] of Object.entries(counts)) {
    const folder = path.join(dir, id);
    await fs.mkdir(folder, { recursive: true });
    const initPath = path.join(folder, 'init.mp4');
    const segmentPaths = Array.from({ length: count }, (_, index) => path.join(folder, `${index + 1}.m4s`));
    downloads.push(() => store.downloadToFile(`${prefix}${id}/init.mp4`, initPath));
    segmentPaths.forEach((file, index) =>
      downloads.push(() => store.downloadToFile(`${prefix}${id}/${index + 1}.m4s`, file)),
    );
    renditions.push({ id, type: types[id] ?? 'video', initPath, segmentPaths });
  }
  await runPool(downloads, PARALLEL_TRANSFERS, async (download) => {
    signal?.throwIfAborted();
    await download();
  });
  return renditions;
}
