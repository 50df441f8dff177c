import { describe, expect, it } from 'vitest';
import { useAssetApi } from '../../test/setup/asset-api.js';
import { authHeaders } from '../testing/publisher-harness.js';

const MAX_UPLOAD_BYTES = 1000;
const t = useAssetApi({ maxUploadBytes: MAX_UPLOAD_BYTES });

/** A body of unknown length (chunked transfer), in pieces. */
function streamOf(...pieces: Buffer[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(new Uint8Array(piece));
      controller.close();
    },
  });
}

describe('POST /v1/assets', () => {
  it('stores the body, creates the asset, enqueues the job and answers 201 with the asset', async () => {
    const video = Buffer.alloc(600, 7);
    const response = await t.upload(video, { 'content-length': '600' }, '?title=My%20clip');
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const asset = (await response.json()) as Record<string, unknown>;
    const id = asset['id'] as string;
    // toMatchObject: other features add fields to the asset object (playbackPolicy, images).
    expect(asset).toMatchObject({
      id,
      title: 'My clip',
      status: 'queued',
      progress: 0,
      playable: false,
      error: null,
      durationMs: null,
      renditions: [],
      playback: {
        hls: `http://origin.test/play/${id}/master.m3u8`,
        dash: `http://origin.test/play/${id}/manifest.mpd`,
        player: `http://origin.test/play/${id}/player`,
      },
      createdAt: expect.any(String) as unknown,
      externalId: null,
      passthrough: null,
      playbackPolicy: { signed: false, allowedOrigins: [] },
    });
    expect(t.events.published).toEqual([
      { type: 'asset.created', assetId: id, asset: expect.any(Object) as unknown },
    ]);
    expect(response.headers.get('location')).toBe(`http://origin.test/v1/assets/${id}`);
    expect(await t.store.getBuffer(`assets/${id}/source`, 10_000)).toEqual(video);
    expect(t.harness.queue.enqueued).toEqual([
      { v: 1, assetId: id, revision: 1, sourceKey: `assets/${id}/source` },
    ]);
    expect((await t.catalog.getAsset(id))?.sourceSizeBytes).toBe(600);
  });

  it('writes playback URLs from the configured public base', async () => {
    t.reconfigure({ publicBaseUrl: 'https://cdn.example.com/' });
    const asset = (await (await t.upload(Buffer.from('abc'))).json()) as {
      id: string;
      playback: { hls: string };
    };
    expect(asset.playback.hls).toBe(`https://cdn.example.com/play/${asset.id}/master.m3u8`);
  });

  it('accepts a streamed body without Content-Length', async () => {
    const response = await t.upload(streamOf(Buffer.from('abc'), Buffer.from('def')));
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect((await t.store.getBuffer(`assets/${id}/source`, 100)).toString()).toBe('abcdef');
  });

  it('accepts multipart/form-data with a file field and stores only the file', async () => {
    const form = new FormData();
    form.append('title', 'ignored');
    form.append('file', new Blob([Buffer.from('the video bytes')], { type: 'video/quicktime' }), 'clip.mov');
    const response = await t.harness.app.request('http://origin.test/v1/assets', {
      method: 'POST',
      body: form,
      headers: authHeaders(),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect((await t.store.getBuffer(`assets/${id}/source`, 100)).toString()).toBe('the video bytes');
    expect((await t.store.stat(`assets/${id}/source`))?.contentType).toBe('video/quicktime');
  });

  it('refuses multipart without a file field', async () => {
    const form = new FormData();
    form.append('title', 'no file');
    const response = await t.harness.app.request('http://origin.test/v1/assets', {
      method: 'POST',
      body: form,
      headers: authHeaders(),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'invalid_request' });
    expect(t.store.keys()).toEqual([]);
  });

  it('refuses a declared Content-Length over the limit before reading', async () => {
    let pulled = false;
    // highWaterMark 0: the stream is pulled only when someone reads it.
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled = true;
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const response = await t.upload(body, { 'content-length': String(MAX_UPLOAD_BYTES + 1) });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(pulled).toBe(false);
    expect(t.store.keys()).toEqual([]);
  });

  it('refuses a streamed body that passes the limit, storing nothing', async () => {
    const response = await t.upload(streamOf(Buffer.alloc(600), Buffer.alloc(600)));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'payload_too_large' });
    expect(t.store.keys()).toEqual([]);
    expect(await t.catalog.listAssets({ limit: 10 })).toMatchObject({ assets: [] });
    expect(t.harness.queue.enqueued).toEqual([]);
  });

  it.each([
    ['Content-Length: 0', () => t.upload(Buffer.alloc(0), { 'content-length': '0' })],
    ['no body at all', () => t.upload(null)],
    ['a stream of empty chunks', () => t.upload(streamOf(Buffer.alloc(0), Buffer.alloc(0)))],
  ])('refuses an empty upload (%s) with 400 empty_body', async (_name, send) => {
    const response = await send();
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'empty_body' });
    expect(t.store.keys()).toEqual([]);
  });

  it('refuses a title over 200 characters, naming the field', async () => {
    const response = await t.upload(Buffer.from('abc'), {}, `?title=${'t'.repeat(201)}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; errors: { field: string }[]; requestId: string };
    expect(body.code).toBe('invalid_request');
    expect(body.errors.map((e) => e.field)).toEqual(['title']);
    expect(body.requestId).toBe(response.headers.get('x-request-id'));
    expect(t.store.keys()).toEqual([]);
  });

  it('discards the upload and answers 503 when the job cannot be queued', async () => {
    t.harness.queue.failEnqueueWith = new Error('redis down');
    const response = await t.upload(Buffer.from('abc'));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    const body = JSON.stringify(await response.json());
    expect(body).toContain('upstream_unavailable');
    expect(body).not.toContain('redis down');
    expect(t.store.keys()).toEqual([]);
    expect(await t.catalog.listAssets({ limit: 10 })).toMatchObject({ assets: [] });
  });
});
