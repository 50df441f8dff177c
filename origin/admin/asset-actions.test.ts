import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../packager/domain/errors.js';
import { createMemoryCatalog } from '../../test/fakes/memory-catalog.js';
import { createMemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import { presentation } from '../../test/contract/catalog-fixtures.js';
import { createRecordingLogger, createRecordingQueue, type RecordingQueue } from '../testing/app-harness.js';
import { runAssetAction, type AssetActionsDeps } from './asset-actions.js';
import type { QueueInsight } from './queue-insight.js';

/** The queue insight only as far as actions use it: which (asset, revision) jobs the queue still holds. */
function insightHolding(jobs: Set<string>): QueueInsight {
  const unused = () => Promise.reject(new Error('not used by actions'));
  return {
    counts: unused,
    throughput: unused,
    recentFailures: unused,
    workers: unused,
    jobsOfAsset: unused,
    hasPackagingJob: (assetId, revision) => Promise.resolve(jobs.has(`${assetId}.r${revision}`)),
  };
}

const ID = 'a'.repeat(20);

describe('dashboard actions on an asset', () => {
  let queue: RecordingQueue;
  let deps: AssetActionsDeps;
  let heldJobs: Set<string>;
  const logger = createRecordingLogger();

  beforeEach(async () => {
    queue = createRecordingQueue();
    heldJobs = new Set([`${ID}.r1`]);
    const store = createMemoryObjectStore();
    await store.put(`assets/${ID}/source`, Buffer.from('source'), { contentType: 'video/mp4' });
    deps = {
      catalog: createMemoryCatalog(),
      store,
      queue,
      insight: insightHolding(heldJobs),
      extensions: {},
    };
    await deps.catalog.createAsset({
      id: ID,
      title: 'Clip',
      sourceKey: `assets/${ID}/source`,
      sourceSizeBytes: 6,
    });
  });

  it('retries an errored asset as the next revision the queue does not hold yet', async () => {
    await deps.catalog.markProcessing(ID, 1);
    await deps.catalog.markErrored(ID, 1, { code: 'source_unreadable', message: 'Not a video.' });
    heldJobs.add(`${ID}.r2`); // e.g. a retry enqueued a moment ago by another operator
    expect(await runAssetAction(deps, 'retry', ID, logger)).toEqual({ notice: 'retried', revision: 3 });
    expect(queue.enqueued).toEqual([{ v: 1, assetId: ID, revision: 3, sourceKey: `assets/${ID}/source` }]);
  });

  it('refuses actions that do not fit the state, changing nothing', async () => {
    expect(await runAssetAction(deps, 'retry', ID, logger)).toEqual({ notice: 'not-retryable' });
    expect(await runAssetAction(deps, 'repackage', ID, logger)).toEqual({ notice: 'not-repackageable' });
    await deps.catalog.markProcessing(ID, 1);
    await deps.catalog.commitRevision(ID, 1, presentation());
    expect(await runAssetAction(deps, 'cancel', ID, logger)).toEqual({ notice: 'not-cancellable' });
    expect(await runAssetAction(deps, 'retry', 'b'.repeat(20), logger)).toEqual({ notice: 'gone' });
    expect(queue.enqueued).toEqual([]);
    expect(queue.cancelled).toEqual([]);
  });

  it('re-packages a ready asset as a new revision, through the extension when there is one', async () => {
    await deps.catalog.markProcessing(ID, 1);
    await deps.catalog.commitRevision(ID, 1, presentation());
    expect(await runAssetAction(deps, 'repackage', ID, logger)).toEqual({
      notice: 'repackaged',
      revision: 2,
    });
    expect(queue.enqueued.map((job) => job.revision)).toEqual([2]);
    const asked: string[] = [];
    const withExtension = {
      ...deps,
      extensions: { repackage: async (assetId: string) => (asked.push(assetId), { revision: 7 }) },
    };
    expect(await runAssetAction(withExtension, 'repackage', ID, logger)).toEqual({
      notice: 'repackaged',
      revision: 7,
    });
    expect(asked).toEqual([ID]);
    expect(queue.enqueued).toHaveLength(1);
    expect((await deps.catalog.getAsset(ID))?.status).toBe('ready');
  });

  it('cancels a processing asset: the queue is told and the asset ends errored as cancelled', async () => {
    await deps.catalog.markProcessing(ID, 1);
    expect(await runAssetAction(deps, 'cancel', ID, logger)).toEqual({ notice: 'cancelled' });
    expect(queue.cancelled).toEqual([ID]);
    expect((await deps.catalog.getAsset(ID))?.error).toMatchObject({ code: 'cancelled' });
  });

  it('cancels a queued asset whose job never started', async () => {
    expect(await runAssetAction(deps, 'cancel', ID, logger)).toEqual({ notice: 'cancelled' });
    expect(await deps.catalog.getAsset(ID)).toMatchObject({
      status: 'errored',
      error: { code: 'cancelled' },
    });
  });

  it('deletes the asset and its objects after stopping its work', async () => {
    expect(await runAssetAction(deps, 'delete', ID, logger)).toEqual({ notice: 'deleted' });
    expect(queue.cancelled).toEqual([ID]);
    expect(await deps.catalog.getAsset(ID)).toBeNull();
    expect(await deps.store.stat(`assets/${ID}/source`)).toBeNull();
  });

  it('reports an unreachable queue as a result, not a crash', async () => {
    await deps.catalog.markProcessing(ID, 1);
    await deps.catalog.markErrored(ID, 1, { code: 'internal', message: 'x' });
    queue.failEnqueueWith = new AppError('upstream_unavailable', 'The job queue is not reachable', {
      retryable: true,
    });
    expect(await runAssetAction(deps, 'retry', ID, logger)).toEqual({ notice: 'queue-unavailable' });
  });
});
