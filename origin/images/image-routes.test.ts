import { Hono } from 'hono';
import { beforeEach, describe, expect, it } from 'vitest';
import { OPEN_PLAYBACK_POLICY } from '../../packager/domain/asset.js';
import { imageObjectKey, type ImageIndex } from '../../packager/images/image-index.js';
import { writeImageIndex } from '../../packager/images/publish-images.js';
import type { AppEnv } from '../http/app-env.js';
import { createRecordingLogger } from '../testing/app-harness.js';
import { samplePresentation } from '../testing/presentation-fixture.js';
import { createMemoryCatalog } from '../../test/fakes/memory-catalog.js';
import { createMemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import { handleError } from '../http/errors.js';
import { createImageRoutes } from './image-routes.js';

const ASSET = 'ImageRoutesAsset0001';
const INDEX: ImageIndex = {
  version: 1,
  intervalMs: 1000,
  durationMs: 4000,
  thumbnails: { count: 4, width: 640, height: 360 },
  storyboard: { count: 4, sheets: 1, tileWidth: 160, tileHeight: 90, columns: 10, rows: 10 },
  posters: [
    { width: 1280, height: 720, atMs: 1000 },
    { width: 640, height: 360, atMs: 1000 },
  ],
};
const jpeg = (label: string) => Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.from(label)]);

let app: Hono<AppEnv>;
let catalog: ReturnType<typeof createMemoryCatalog>;

beforeEach(async () => {
  catalog = createMemoryCatalog();
  const store = createMemoryObjectStore();
  await catalog.createAsset({ id: ASSET, title: null, sourceKey: 'k', sourceSizeBytes: 1 });
  await catalog.markProcessing(ASSET, 1);
  await catalog.commitRevision(ASSET, 1, samplePresentation());
  await writeImageIndex(store, ASSET, 1, INDEX);
  const put = (key: string, body: Buffer) =>
    store.put(key, body, { contentType: 'image/jpeg', sizeBytes: body.length });
  await put(imageObjectKey(ASSET, 1, 'poster', 720), jpeg('poster-720'));
  for (let index = 0; index < 4; index++)
    await put(imageObjectKey(ASSET, 1, 'thumbs', index), jpeg(`thumb-${index}`));
  await put(imageObjectKey(ASSET, 1, 'storyboard', 1), jpeg('sheet-1'));
  app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('logger', createRecordingLogger());
    c.set('requestId', 'test');
    await next();
  });
  app.route('/', createImageRoutes({ catalog, store, tokens: null, cache: { manifestMaxAgeSeconds: 2 } }));
  app.onError(handleError);
});

describe('image routes', () => {
  it('serves the largest poster with a short cache, since it follows the current revision', async () => {
    const response = await app.request(`/play/${ASSET}/poster.jpg`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('cache-control')).toMatch(/max-age=2/);
    expect(Buffer.from(await response.arrayBuffer()).toString('latin1')).toContain('poster-720');
  });

  it('serves the grid thumbnail at or before any time, and refuses a malformed time', async () => {
    const at = async (time: string) =>
      Buffer.from(
        await (await app.request(`/play/${ASSET}/thumbnail.jpg?time=${time}`)).arrayBuffer(),
      ).toString('latin1');
    expect(await at('0')).toContain('thumb-0');
    expect(await at('2.5')).toContain('thumb-2');
    expect(await at('99')).toContain('thumb-3');
    expect((await app.request(`/play/${ASSET}/thumbnail.jpg?time=-1`)).status).toBe(400);
    expect((await app.request(`/play/${ASSET}/thumbnail.jpg?time=abc`)).status).toBe(400);
  });

  it('serves the storyboard as WebVTT pointing at revisioned, immutable sprites', async () => {
    const vtt = await app.request(`/play/${ASSET}/storyboard.vtt`);
    expect(vtt.headers.get('content-type')).toContain('text/vtt');
    const text = await vtt.text();
    expect(text).toContain('r1/images/storyboard/1.jpg#xywh=160,0,160,90');
    const sprite = await app.request(`/play/${ASSET}/r1/images/storyboard/1.jpg`);
    expect(sprite.status).toBe(200);
    expect(sprite.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = sprite.headers.get('etag') ?? '';
    expect(
      (await app.request(`/play/${ASSET}/r1/images/storyboard/1.jpg`, { headers: { 'if-none-match': etag } }))
        .status,
    ).toBe(304);
  });

  it('refuses paths outside the image folders, revisions not committed, and unknown assets', async () => {
    expect((await app.request(`/play/${ASSET}/r1/images/other/1.jpg`)).status).toBe(400);
    expect((await app.request(`/play/${ASSET}/r1/images/thumbs/..%2F1.jpg`)).status).toBe(400);
    expect((await app.request(`/play/${ASSET}/r2/images/thumbs/1.jpg`)).status).toBe(404);
    expect((await app.request('/play/UnknownAsset00000000/poster.jpg')).status).toBe(404);
  });

  it('applies the playback policy before any storage read', async () => {
    const restricted = { ...OPEN_PLAYBACK_POLICY, signed: true };
    await catalog.setPlaybackPolicy(ASSET, restricted);
    expect((await app.request(`/play/${ASSET}/poster.jpg`)).status).toBe(403);
    expect((await app.request(`/play/${ASSET}/r1/images/thumbs/1.jpg`)).status).toBe(403);
  });
});
