/**
 * The compose stack's edge (nginx caching like a CDN) in front of a real ScalaCast: one live origin and one
 * dead one, as after a crash. Uploads pass through, segments and manifests are cached as the origin's
 * Cache-Control says, API answers and errors are not, and the dead origin costs no failed request.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../packager/platform/free-port.js';
import { generateClip } from '../fixtures/generate-media.js';
import { createApiClient, type AssetJson } from '../setup/api-client.js';
import { startScalacast, TEST_BOOTSTRAP_KEY, type ScalacastProcess } from '../setup/scalacast-process.js';
import { NGINX_BINARY, startEdge, type LocalNginx } from './local-nginx.js';

const hasNginx = fs.existsSync(NGINX_BINARY);
if (!hasNginx) console.info(`nginx-edge: no ${NGINX_BINARY}, so the edge config is not exercised`);

describe.skipIf(!hasNginx)('compose edge (nginx) in front of the origins', () => {
  let dataDir: string;
  let origin: ScalacastProcess | undefined;
  let edge: LocalNginx | undefined;
  let api: ReturnType<typeof createApiClient>;
  let asset: AssetJson;
  let segmentUrl: string;
  let deadPort: number;

  beforeAll(async () => {
    dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'scalacast-edge-origin-'));
    let clip: string;
    [clip, deadPort] = await Promise.all([
      generateClip({ durationS: 4, width: 640, height: 360, fps: 30, audio: true }),
      findFreePort(),
    ]);
    origin = await startScalacast('all-in-one', { DATA_DIR: dataDir });
    const originPort = new URL(origin.url).port;
    edge = await startEdge({
      'origin-1:8080': `127.0.0.1:${originPort}`,
      'origin-2:8080': `127.0.0.1:${deadPort}`,
    });
    api = createApiClient(edge.url);
    const created = await api.uploadFile(clip, 'through the edge');
    expect(created.status).toBe(201);
    asset = (await api.waitUntilDone(((await created.json()) as AssetJson).id)).asset;
    expect(asset.status).toBe('ready');

    const masterUrl = api.resolve(asset.playback.hls);
    const master = await (await fetch(masterUrl)).text();
    const variant = new URL(master.split('\n').find((line) => line.endsWith('.m3u8')) ?? '', masterUrl);
    const media = await (await fetch(variant)).text();
    segmentUrl = new URL(media.split('\n').find((line) => line.endsWith('.m4s')) ?? '', variant).toString();
  });

  afterAll(async () => {
    await edge?.stop();
    await origin?.stop();
    if (dataDir) await fsp.rm(dataDir, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });
  /** An API request, with the key every /v1 route needs (the edge must pass it through and never cache it). */
  const getApi = (url: string) => get(url, { authorization: `Bearer ${TEST_BOOTSTRAP_KEY}` });

  it('caches an immutable segment: the second request is a hit with the same bytes', async () => {
    const direct = new Uint8Array(
      await (await get(segmentUrl.replace(edge?.url ?? '', origin?.url ?? ''))).arrayBuffer(),
    );
    const first = await get(segmentUrl);
    const firstBytes = new Uint8Array(await first.arrayBuffer());
    const second = await get(segmentUrl);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toContain('immutable');
    expect(second.headers.get('x-cache-status')).toBe('HIT');
    expect(Buffer.from(new Uint8Array(await second.arrayBuffer())).equals(Buffer.from(direct))).toBe(true);
    expect(Buffer.from(firstBytes).equals(Buffer.from(direct))).toBe(true);
  });

  it('answers a byte range of a cached segment from the cache', async () => {
    const whole = new Uint8Array(await (await get(segmentUrl)).arrayBuffer());
    const ranged = await get(segmentUrl, { range: 'bytes=100-199' });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('x-cache-status')).toBe('HIT');
    expect(Buffer.from(await ranged.arrayBuffer()).equals(Buffer.from(whole.subarray(100, 200)))).toBe(true);
  });

  it('caches manifests only as briefly as the origin says', async () => {
    const url = api.resolve(asset.playback.dash);
    await get(url);
    const again = await get(url);
    expect(again.status).toBe(200);
    expect(again.headers.get('cache-control')).toMatch(/max-age=2\b/);
    expect(['HIT', 'UPDATING', 'REVALIDATED']).toContain(again.headers.get('x-cache-status'));
  });

  it('never caches errors or API answers', async () => {
    const missing = `${edge?.url}/play/AAAAAAAAAAAAAAAAAAAA/master.m3u8`;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await get(missing);
      expect(response.status).toBe(404);
      expect(response.headers.get('x-cache-status')).not.toBe('HIT');
    }
    const first = await getApi(`${edge?.url}/v1/assets/${asset.id}`);
    const second = await getApi(`${edge?.url}/v1/assets/${asset.id}`);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.headers.get('x-cache-status')).toBeNull();
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
  });

  it('does not publish origin metrics', async () => {
    expect((await get(`${edge?.url}/metrics`)).status).toBe(404);
  });

  it('answers every request although one origin is down', async () => {
    const statuses = [];
    for (let attempt = 0; attempt < 12; attempt += 1) {
      statuses.push((await getApi(`${edge?.url}/v1/assets/${asset.id}`)).status);
    }
    expect(statuses.every((status) => status === 200)).toBe(true);
    // The dead origin was tried and its failures retried on the live one, never shown to a client.
    expect(edge?.logs.join('')).toMatch(new RegExp(`connect\\(\\) failed .*127\\.0\\.0\\.1:${deadPort}`));
  });
});
