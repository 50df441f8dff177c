/**
 * `npm start` on embedded defaults: PGlite and a filesystem store under DATA_DIR, and a supervised local
 * redis-server. What a new user runs on a laptop, started exactly as the README says, with an empty DATA_DIR.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertConformant } from '../conformance/assert-conformant.js';
import { createApiClient, type AssetJson } from '../setup/api-client.js';
import { generateClip } from '../fixtures/generate-media.js';
import { startScalacast, type ScalacastProcess } from '../setup/scalacast-process.js';

let dataDir: string;
let server: ScalacastProcess | undefined;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-all-in-one-'));
});
afterAll(async () => {
  // SIGTERM, so the all-in-one process stops its local redis-server too.
  await server?.stop('SIGTERM');
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('all-in-one on embedded defaults', () => {
  let assetId: string;

  it('starts on an empty DATA_DIR and packages an upload', async () => {
    server = await startScalacast('all-in-one', { DATA_DIR: dataDir });
    const api = createApiClient(server.url);
    const clip = await generateClip({ durationS: 4, width: 1280, height: 720, fps: 30, audio: true });
    const created = await api.uploadFile(clip);
    expect(created.status).toBe(201);
    assetId = ((await created.json()) as AssetJson).id;
    const { asset } = await api.waitUntilDone(assetId);
    expect(asset.status).toBe('ready');
    await assertConformant(asset.playback, { baseUrl: server.url });
    expect(asset.renditions.map((r) => r.id)).toEqual(['720p', '480p', '360p', 'audio']);
    const master = await fetch(api.resolve(asset.playback.hls));
    expect(master.status).toBe(200);
    const player = await fetch(api.resolve(asset.playback.player));
    expect(player.status).toBe(200);
  });

  it('stops gracefully on SIGTERM, taking its redis-server down with it', async () => {
    const records = () => server?.logRecords() ?? [];
    const redisPort = records().find((line) => line.msg === 'local redis-server started')?.port;
    expect(typeof redisPort).toBe('number');
    expect(await server?.stop('SIGTERM')).toBe(0);
    expect(await acceptsConnections(Number(redisPort))).toBe(false);
  });

  it('keeps its assets across a restart on the same DATA_DIR', async () => {
    server = await startScalacast('all-in-one', { DATA_DIR: dataDir });
    const api = createApiClient(server.url);
    const asset = await api.getAsset(assetId);
    expect(asset.status).toBe('ready');
    expect((await fetch(api.resolve(asset.playback.dash))).status).toBe(200);
  });
});

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
