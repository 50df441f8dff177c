/**
 * The publish stage: uploads every init and media segment of a revision, then its presentation description
 * last. Keys depend only on (asset, revision, rendition, segment), so a retried job overwrites its own partial
 * output; nobody reads a revision before the catalog commit points at it.
 */
import type { Presentation } from '../../manifests/model.js';
import { segmentUri } from '../../manifests/model.js';
import { AppError } from '../domain/errors.js';
import { presentationKey, revisionObjectKey } from '../domain/object-keys.js';
import { appendFragments } from '../media/append-fragments.js';
import { readInitSegmentFile, readSegmentFile } from '../media/read-media-file.js';
import type { ObjectStore } from '../ports.js';
import type { SegmentFiles, SegmentLayout } from './describe-presentation.js';
import { runPool } from './run-pool.js';

const PARALLEL_UPLOADS = 8;

export interface PublishInput {
  readonly assetId: string;
  readonly revision: number;
  readonly presentation: Presentation;
  readonly layout: SegmentLayout;
  /** True for an object already stored as it should be (stored while encoding, or kept): not uploaded. */
  readonly isStored?: (key: string, file: string) => boolean;
}

export async function publishRevision(
  input: PublishInput,
  store: ObjectStore,
  signal?: AbortSignal,
): Promise<void> {
  const uploads: Array<() => Promise<unknown>> = [];
  for (const rendition of [...input.presentation.video, ...input.presentation.audio]) {
    const files = input.layout[rendition.id];
    if (!files) {
      throw new AppError('internal', `No files were produced for rendition ${rendition.id}.`, {
        details: { rendition: rendition.id },
      });
    }
    const contentType = mediaContentType(rendition.type);
    const key = (uri: string) => revisionObjectKey(input.assetId, input.revision, uri);
    const stored = (objectKey: string, file: string | undefined) =>
      file !== undefined && input.isStored?.(objectKey, file) === true;
    const initKey = key(rendition.initUri);
    if (!stored(initKey, files.init)) uploads.push(() => store.putFile(initKey, files.init, contentType));
    files.segments.forEach((segment, index) => {
      const segmentKey = key(segmentUri(rendition, index));
      const [only] = segment.files;
      if (segment.files.length === 1 && stored(segmentKey, only)) return;
      uploads.push(async () => {
        if (segment.files.length === 1 && only !== undefined) {
          return store.putFile(segmentKey, only, contentType);
        }
        const joined = await joinSegment(files.init, segment, segmentKey);
        return store.put(segmentKey, joined, { contentType, sizeBytes: joined.length });
      });
    });
  }
  await runPool(uploads, PARALLEL_UPLOADS, async (upload) => {
    signal?.throwIfAborted();
    await upload();
  });
  signal?.throwIfAborted();
  const description = Buffer.from(JSON.stringify(input.presentation));
  await store.put(presentationKey(input.assetId, input.revision), description, {
    contentType: 'application/json',
    sizeBytes: description.length,
  });
}

/**
 * A merged tail: its files joined into one CMAF segment (one styp/sidx, the sidx grown to cover both). Read
 * whole, each capped by read-media-file's limit: segments are small. The describe stage announced the joined
 * size from the same join plan; a difference would be a packager bug, and the presentation's sizes (bandwidths,
 * Content-Length) must be the stored bytes, so it fails rather than publish a wrong fact.
 */
async function joinSegment(initPath: string, segment: SegmentFiles, key: string): Promise<Buffer> {
  const init = await readInitSegmentFile(initPath);
  const buffers: Buffer[] = [];
  for (const file of segment.files) buffers.push(await readSegmentFile(file));
  const joined = appendFragments(buffers, init);
  if (joined.length !== segment.sizeBytes) {
    throw new AppError(
      'internal',
      `The joined segment ${key} is ${joined.length} bytes but the presentation says ${segment.sizeBytes}.`,
      { details: { key, sizeBytes: joined.length, describedSizeBytes: segment.sizeBytes } },
    );
  }
  return joined;
}

/** The media type of a rendition's init and media segments (fragmented MP4, one track). */
export function mediaContentType(type: 'video' | 'audio'): string {
  return type === 'video' ? 'video/mp4' : 'audio/mp4';
}
