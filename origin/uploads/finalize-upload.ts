/**
 * A complete resumable upload becomes an asset exactly like a direct upload: its parts, concatenated in
 * offset order, are streamed into the asset's source object, then the catalog row and the packaging job
 * follow (createAssetFromUpload). The upload is claimed for the new asset id first, so two requests
 * finishing at once create one asset; a failure releases the claim and the client may retry.
 */
import { Readable } from 'node:stream';
import { AppError } from '../../packager/domain/errors.js';
import type { Logger, ObjectStore, UploadPart, UploadRecord, UploadStore } from '../../packager/ports.js';
import { createAssetFromUpload, type CreateAssetDeps } from '../publish/create-asset.js';
import { uploadPrefix } from './upload-keys.js';

export interface FinalizeUploadDeps extends CreateAssetDeps {
  readonly uploads: UploadStore;
  readonly store: ObjectStore;
}

/** Returns the asset id of the finished upload (an existing one when another request finished it). */
export async function finalizeUpload(
  deps: FinalizeUploadDeps,
  upload: UploadRecord,
  logger: Logger,
): Promise<string> {
  if (upload.assetId !== null) return upload.assetId;
  const assetId = deps.newAssetId();
  if (!(await deps.uploads.claimUpload(upload.id, assetId))) {
    const current = await deps.uploads.getUpload(upload.id);
    if (current?.assetId) return current.assetId;
    throw new AppError('upload_offset_mismatch', 'The upload is not complete yet.');
  }
  try {
    const parts = await deps.uploads.listParts(upload.id);
    assertContiguous(parts, upload.lengthBytes);
    const { metadata } = upload;
    await createAssetFromUpload(
      deps,
      {
        body: concatenate(deps.store, parts),
        contentType: metadata.contentType ?? 'application/octet-stream',
        sizeBytes: upload.lengthBytes,
        exceededLimit: () => false,
        clientGone: () => false,
      },
      {
        title: metadata.title ?? metadata.filename,
        externalId: metadata.externalId,
        passthrough: metadata.passthrough,
      },
      logger,
      assetId,
    );
  } catch (error) {
    await deps.uploads
      .releaseUpload(upload.id, assetId)
      .catch((releaseError: unknown) =>
        logger.error({ err: releaseError, uploadId: upload.id }, 'releasing an upload failed'),
      );
    throw error;
  }
  // The source object now holds every byte: the parts are garbage.
  await deps.store
    .deletePrefix(uploadPrefix(upload.id))
    .catch((error: unknown) =>
      logger.warn({ err: error, uploadId: upload.id }, 'removing upload parts failed'),
    );
  logger.info({ uploadId: upload.id, assetId, sizeBytes: upload.lengthBytes }, 'resumable upload finished');
  return assetId;
}

function assertContiguous(parts: readonly UploadPart[], lengthBytes: number): void {
  let expected = 0;
  for (const part of parts) {
    if (part.offsetBytes !== expected) break;
    expected += part.sizeBytes;
  }
  if (expected !== lengthBytes) {
    throw new AppError('internal', 'The parts of a complete upload do not cover it.', {
      details: { coveredBytes: expected, lengthBytes },
    });
  }
}

function concatenate(store: ObjectStore, parts: readonly UploadPart[]): Readable {
  return Readable.from(
    (async function* () {
      for (const part of parts) {
        const { body } = await store.get(part.objectKey);
        for await (const chunk of body) yield chunk as Buffer;
      }
    })(),
    { objectMode: false },
  );
}
