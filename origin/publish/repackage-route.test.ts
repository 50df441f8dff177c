import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { ApiEnv } from '../auth/api-env.js';
import { handleError } from '../http/errors.js';
import { createRecordingLogger, createRecordingQueue } from '../testing/app-harness.js';
import { samplePresentation } from '../testing/presentation-fixture.js';
import { createMemoryCatalog } from '../../test/fakes/memory-catalog.js';
import type { JobQueue } from '../../packager/ports.js';
import { createRepackageRoutes } from './repackage-route.js';

const ASSET = 'RepackageAsset000001';

async function setup(scopes: string[]) {
  const catalog = createMemoryCatalog();
  await catalog.createAsset({
    id: ASSET,
    title: null,
    sourceKey: `assets/${ASSET}/source`,
    sourceSizeBytes: 1,
  });
  await catalog.markProcessing(ASSET, 1);
  await catalog.commitRevision(ASSET, 1, samplePresentation());
  const queue = createRecordingQueue();
  const cancels: Array<{ assetId: string; belowRevision?: number }> = [];
  const recording: JobQueue = {
    ...queue,
    cancelAsset: (assetId, options) => {
      cancels.push({ assetId, ...options });
      return Promise.resolve();
    },
  };
  const app = new Hono<ApiEnv>();
  app.use('*', async (c, next) => {
    c.set('logger', createRecordingLogger());
    c.set('requestId', 'test');
    c.set('principal', { keyId: 'test', scopes: new Set(scopes) as never });
    await next();
  });
  app.route('/', createRepackageRoutes({ catalog, queue: recording }));
  app.onError(handleError as never);
  return { app, queue, cancels, catalog };
}

describe('POST /v1/assets/{id}/repackage', () => {
  it('queues the next revision, stops older work, and answers 202 with the asset still playing', async () => {
    const { app, queue, cancels } = await setup(['assets:write']);
    const response = await app.request(`/v1/assets/${ASSET}/repackage`, { method: 'POST' });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { revision: number; playable: boolean; status: string };
    expect(body).toMatchObject({ revision: 2, playable: true, status: 'ready' });
    expect(queue.enqueued).toEqual([
      { v: 1, assetId: ASSET, revision: 2, sourceKey: `assets/${ASSET}/source` },
    ]);
    expect(cancels).toEqual([{ assetId: ASSET, belowRevision: 2 }]);
  });

  it('numbers past a failed attempt, and refuses unknown assets and keys without the scope', async () => {
    const { app, queue, catalog } = await setup(['assets:write']);
    await catalog.markProcessing(ASSET, 2);
    await catalog.markErrored(ASSET, 2, { code: 'transcode_failed', message: 'broken' });
    await app.request(`/v1/assets/${ASSET}/repackage`, { method: 'POST' });
    expect(queue.enqueued.map((job) => job.revision)).toEqual([3]);
    expect((await app.request('/v1/assets/UnknownAsset00000000/repackage', { method: 'POST' })).status).toBe(
      404,
    );
    const readOnly = await setup(['assets:read']);
    expect((await readOnly.app.request(`/v1/assets/${ASSET}/repackage`, { method: 'POST' })).status).toBe(
      403,
    );
  });
});
