/**
 * What an operator can do to an asset, each checked against the asset's state first:
 * - retry (errored) and re-package (ready or errored) enqueue a NEW revision rather than re-running the
 *   failed job: a job id is (asset, revision), so the failed job stays visible in the timeline and the
 *   catalog's revision rules keep a late worker of the old attempt from overwriting the new one. A ready
 *   asset stays playable on its committed revision until the new one commits.
 * - cancel (queued or processing) stops the work through the JobQueue port and records the asset errored
 *   with code `cancelled`, so it does not look in progress forever.
 * - delete does what DELETE /v1/assets/{id} does: stop the work, hide the asset, remove its objects.
 */
import { AppError, isAppError } from '../../packager/domain/errors.js';
import { assetPrefix } from '../../packager/domain/object-keys.js';
import type { Catalog, JobQueue, Logger, ObjectStore } from '../../packager/ports.js';
import type { AdminExtensions } from './admin-deps.js';
import type { QueueInsight } from './queue-insight.js';
import type { NoticeCode } from './views/notices.js';

export const ASSET_ACTIONS = ['retry', 'repackage', 'cancel', 'delete'] as const;
export type AssetAction = (typeof ASSET_ACTIONS)[number];

export interface AssetActionsDeps {
  readonly catalog: Catalog;
  readonly store: ObjectStore;
  readonly queue: JobQueue;
  readonly insight: QueueInsight;
  readonly extensions: AdminExtensions;
}

export interface ActionOutcome {
  readonly notice: NoticeCode;
  /** The revision a retry or re-package enqueued. */
  readonly revision?: number;
}

/** Revisions skipped at most when the queue still holds jobs past the catalog's latest (never expected). */
const MAX_REVISION_PROBES = 20;

export function isAssetAction(value: string): value is AssetAction {
  return (ASSET_ACTIONS as readonly string[]).includes(value);
}

export async function runAssetAction(
  deps: AssetActionsDeps,
  action: AssetAction,
  assetId: string,
  logger: Logger,
): Promise<ActionOutcome> {
  const asset = await deps.catalog.getAsset(assetId);
  if (!asset) return { notice: 'gone' };
  try {
    switch (action) {
      case 'retry':
        if (asset.status !== 'errored') return { notice: 'not-retryable' };
        return { notice: 'retried', revision: await enqueueNextRevision(deps, assetId, asset.sourceKey) };
      case 'repackage': {
        if (asset.status !== 'ready' && asset.status !== 'errored') return { notice: 'not-repackageable' };
        const revision = deps.extensions.repackage
          ? (await deps.extensions.repackage(assetId)).revision
          : await enqueueNextRevision(deps, assetId, asset.sourceKey);
        return { notice: 'repackaged', revision };
      }
      case 'cancel': {
        if (asset.status !== 'queued' && asset.status !== 'processing') return { notice: 'not-cancellable' };
        await deps.queue.cancelAsset(assetId);
        const revision = (await deps.catalog.getLatestRevision(assetId)) ?? 1;
        await deps.catalog.markErrored(assetId, revision, {
          code: 'cancelled',
          message: 'Packaging was cancelled by an operator from the admin dashboard.',
        });
        return { notice: 'cancelled' };
      }
      case 'delete':
        await deleteAsset(deps, assetId, logger);
        return { notice: 'deleted' };
    }
  } catch (error) {
    if (isAppError(error) && error.code === 'upstream_unavailable') {
      logger.warn({ err: error, assetId, action }, 'admin action refused: queue unavailable');
      return { notice: 'queue-unavailable' };
    }
    throw error;
  }
}

async function enqueueNextRevision(
  deps: AssetActionsDeps,
  assetId: string,
  sourceKey: string,
): Promise<number> {
  let revision = ((await deps.catalog.getLatestRevision(assetId)) ?? 0) + 1;
  for (let probe = 0; await deps.insight.hasPackagingJob(assetId, revision); probe += 1) {
    if (probe >= MAX_REVISION_PROBES) {
      throw new AppError('internal', 'No free revision number was found for this asset.', {
        details: { assetId, revision },
      });
    }
    revision += 1;
  }
  await deps.queue.enqueuePackageAsset({ v: 1, assetId, revision, sourceKey });
  return revision;
}

async function deleteAsset(deps: AssetActionsDeps, assetId: string, logger: Logger): Promise<void> {
  // Stop the work first, then hide the asset: a worker still finishing sees the delete at its next catalog
  // update and cleans up its own output.
  await deps.queue.cancelAsset(assetId);
  if (!(await deps.catalog.deleteAsset(assetId))) return;
  try {
    await deps.store.deletePrefix(assetPrefix(assetId));
  } catch (error) {
    // The asset is already gone for every reader; leftover objects are garbage under a known prefix.
    logger.error({ err: error, assetId }, 'asset deleted from the dashboard but its objects were not');
  }
  logger.info({ assetId }, 'asset deleted from the admin dashboard');
}
