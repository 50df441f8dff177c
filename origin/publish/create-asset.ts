/**
 * Upload -> stored source -> catalog row -> packaging job. Each step undoes the previous ones when it
 * fails, so no asset is left `queued` with no job behind it and no source is left without an asset:
 * - the store fails (or the body passes the limit): nothing was stored; answer the store's error (413 for
 *   the limit whatever the store says; `cancelled` when the client went away, which is no server fault).
 * - the catalog fails: the source is removed.
 * - enqueueing fails: the asset row and the source are removed and the answer is 503 `upstream_unavailable`
 *   with Retry-After: the publisher retries the upload as if it never happened (no id was handed out).
 */
import type { AssetRecord } from '../../packager/domain/asset.js';
import type { JsonValue } from '../../packager/domain/json-value.js';
import { AppError } from '../../packager/domain/errors.js';
import { assetPrefix, sourceKey } from '../../packager/domain/object-keys.js';
import type {
  AssetEvents,
  Catalog,
  JobQueue,
  Logger,
  ObjectInfo,
  ObjectStore,
} from '../../packager/ports.js';
import type { UploadBody } from './upload-body.js';

export interface CreateAssetDeps {
  readonly catalog: Catalog;
  readonly store: ObjectStore;
  readonly queue: JobQueue;
  readonly newAssetId: () => string;
  readonly maxUploadBytes: number;
  /** Reports asset.created once the job is queued. */
  readonly events: AssetEvents;
}

/** What the publisher said about the new asset. */
export interface NewAssetMetadata {
  readonly title: string | null;
  readonly externalId?: string | null | undefined;
  readonly passthrough?: JsonValue | null | undefined;
}

export async function createAssetFromUpload(
  deps: CreateAssetDeps,
  upload: UploadBody,
  metadata: NewAssetMetadata,
  logger: Logger,
  /** The id to use (a resumable upload claims one first); a fresh one by default. */
  assetId?: string,
): Promise<AssetRecord> {
  const { catalog, store, queue } = deps;
  const id = assetId ?? deps.newAssetId();
  const key = sourceKey(id);
  const removeObjects = () => removeQuietly(store, id, logger);

  let stored: ObjectInfo;
  try {
    stored = await store.put(key, upload.body, {
      contentType: upload.contentType,
      maxBytes: deps.maxUploadBytes,
      ...(upload.sizeBytes === undefined ? {} : { sizeBytes: upload.sizeBytes }),
    });
  } catch (error) {
    upload.body.destroy();
    await removeObjects();
    if (upload.exceededLimit()) {
      throw new AppError(
        'payload_too_large',
        `The upload is larger than the limit of ${deps.maxUploadBytes} bytes.`,
        {
          details: { maxBytes: deps.maxUploadBytes },
          cause: error,
        },
      );
    }
    const known = upload.failure?.();
    if (known) throw known;
    if (upload.clientGone()) {
      throw new AppError('cancelled', 'The client closed the connection during the upload.', {
        cause: error,
      });
    }
    throw error;
  }

  let asset: AssetRecord;
  try {
    asset = await catalog.createAsset({
      id,
      title: metadata.title,
      externalId: metadata.externalId ?? null,
      passthrough: metadata.passthrough ?? null,
      sourceKey: key,
      sourceSizeBytes: stored.sizeBytes,
    });
  } catch (error) {
    await removeObjects();
    throw error;
  }

  try {
    await queue.enqueuePackageAsset({ v: 1, assetId: id, revision: 1, sourceKey: key });
  } catch (error) {
    logger.error({ err: error, assetId: id }, 'enqueue failed, upload discarded');
    await discardAsset(deps, id, logger);
    throw new AppError(
      'upstream_unavailable',
      'The packaging queue is unavailable; try the upload again shortly.',
      {
        retryable: true,
        cause: error,
      },
    );
  }
  logger.info({ assetId: id, sizeBytes: stored.sizeBytes }, 'asset uploaded');
  await deps.events.publish({ type: 'asset.created', assetId: id, asset });
  return asset;
}

async function discardAsset(deps: CreateAssetDeps, id: string, logger: Logger): Promise<void> {
  try {
    await deps.catalog.deleteAsset(id);
  } catch (error) {
    // The row could not be removed: make sure it at least does not look like work in progress forever.
    logger.error({ err: error, assetId: id }, 'discarding the asset row failed');
    await deps.catalog
      .markErrored(id, 1, { code: 'upstream_unavailable', message: 'The packaging job could not be queued.' })
      .catch((markError: unknown) =>
        logger.error({ err: markError, assetId: id }, 'marking the asset errored failed'),
      );
  }
  await removeQuietly(deps.store, id, logger);
}

/** Cleanup on a path that already fails: its own failure is logged, the original error is what the caller sees. */
async function removeQuietly(store: ObjectStore, id: string, logger: Logger): Promise<void> {
  try {
    await store.deletePrefix(assetPrefix(id));
  } catch (error) {
    logger.error({ err: error, assetId: id }, 'removing the asset objects failed');
  }
}
