/**
 * A publisher's first five minutes against `npm start` (all-in-one), through the `scalacast` CLI: create a
 * key, register a webhook, upload with resumable chunks and wait, add captions, find the asset by external
 * id, delete it; the webhook receiver sees every event, signed.
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMasterPlaylist } from '../../manifests/hls/parse.js';
import { verifyWebhookSignature } from '../../packager/webhooks/webhook-signature.js';
import { generateClip } from '../fixtures/generate-media.js';
import { runCli } from '../setup/cli-runner.js';
import { startScalacast, TEST_BOOTSTRAP_KEY, type ScalacastProcess } from '../setup/scalacast-process.js';
import { waitFor } from '../setup/wait-for.js';

interface Delivery {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

let dataDir: string;
let server: ScalacastProcess;
let receiver: http.Server;
let hookUrl: string;
const deliveries: Delivery[] = [];

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-publisher-'));
  receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/scalacast`;
  server = await startScalacast('all-in-one', {
    DATA_DIR: dataDir,
    // The receiver is on loopback: only the operator allow-list lets ScalaCast call it.
    OUTBOUND_ALLOW_CIDRS: '127.0.0.1/32',
    UPLOAD_CHUNK_BYTES: String(256 * 1024),
    WEBHOOK_BACKOFF_MS: '200',
  });
});

afterAll(async () => {
  await server?.stop('SIGTERM');
  await new Promise((resolve) => receiver?.close(resolve));
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe("a publisher's first five minutes", () => {
  let key: string;
  let secret: string;
  let assetId: string;
  const cli = (args: string[], apiKey = key) =>
    runCli(args, {
      SCALACAST_URL: server.url,
      SCALACAST_KEY: apiKey,
      SCALACAST_STATE_DIR: path.join(dataDir, 'cli'),
    });
  const eventsOf = (id: string) =>
    deliveries
      .map((delivery) => JSON.parse(delivery.body) as { type: string; data: { asset: { id: string } } })
      .filter((event) => event.data.asset.id === id)
      .map((event) => event.type);

  it('refuses the API without a key and documents it', async () => {
    expect((await fetch(`${server.url}/v1/assets`)).status).toBe(401);
    const doc = (await (await fetch(`${server.url}/v1/openapi.json`)).json()) as {
      openapi: string;
      paths: object;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/v1/uploads/{id}');
  });

  it('creates a key and a webhook endpoint', async () => {
    const created = await cli(
      ['keys', 'create', '--name', 'laptop', '--scopes', 'assets:read,assets:write,webhooks:admin', '--json'],
      TEST_BOOTSTRAP_KEY,
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    key = (JSON.parse(created.stdout) as { key: string }).key;
    const hook = await cli(['webhooks', 'create', hookUrl, '--json']);
    expect(hook.code).toBe(0);
    secret = (JSON.parse(hook.stdout) as { secret: string }).secret;
    expect(secret).toMatch(/^whsec_/);
  });

  it('uploads in resumable chunks, waits until ready, and receives signed webhooks', async () => {
    const clip = await generateClip({ durationS: 4, width: 640, height: 360, fps: 30, audio: true });
    const uploaded = await cli([
      'upload',
      clip,
      '--wait',
      '--json',
      '--title',
      'First',
      '--external-id',
      'order-77',
    ]);
    expect(uploaded.code, uploaded.stderr).toBe(0);
    const asset = JSON.parse(uploaded.stdout) as {
      id: string;
      status: string;
      title: string;
      playback: { hls: string };
    };
    expect(asset).toMatchObject({ status: 'ready', title: 'First' });
    assetId = asset.id;
    expect((await fetch(new URL(asset.playback.hls, server.url))).status).toBe(200);

    await waitFor(() => eventsOf(assetId).length >= 3, {
      timeoutMs: 30_000,
      what: 'created, playable and ready delivered',
    });
    // Each event once (webhooks may arrive in any order: deliveries run in parallel).
    expect([...eventsOf(assetId)].sort()).toEqual(['asset.created', 'asset.playable', 'asset.ready']);
    const nowSeconds = Math.floor(Date.now() / 1000);
    for (const delivery of deliveries) {
      expect(
        verifyWebhookSignature(secret, String(delivery.headers['scalacast-signature']), delivery.body, {
          nowSeconds,
        }),
      ).toBe(true);
    }
    const log = await cli(['webhooks', 'ls', '--json']);
    const hookId = (JSON.parse(log.stdout) as { data: { id: string }[] }).data[0]?.id ?? '';
    const attempts = await cli(['webhooks', 'deliveries', hookId, '--json']);
    expect((JSON.parse(attempts.stdout) as { data: unknown[] }).data.length).toBeGreaterThanOrEqual(3);
  });

  it('adds captions that the HLS master lists, and finds the asset by external id', async () => {
    const srt = path.join(dataDir, 'captions.srt');
    await fs.writeFile(srt, '1\n00:00:00,500 --> 00:00:02,000\nHello from the captions\n');
    const added = await cli(['captions', 'add', assetId, srt, '--lang', 'en']);
    expect(added.code, added.stderr).toBe(0);
    const master = parseMasterPlaylist(
      await (await fetch(`${server.url}/play/${assetId}/master.m3u8`)).text(),
    );
    expect(master.media.filter((m) => m.type === 'SUBTITLES').map((m) => m.language)).toEqual(['en']);

    const listed = await cli(['assets', 'ls', '--external-id', 'order-77', '--json']);
    expect((JSON.parse(listed.stdout) as { data: { id: string }[] }).data.map((a) => a.id)).toEqual([
      assetId,
    ]);
  });

  it('deletes the asset and tells the webhook', async () => {
    const removed = await cli(['assets', 'rm', assetId]);
    expect(removed.code).toBe(0);
    expect((await cli(['assets', 'get', assetId])).code).toBe(1);
    await waitFor(() => eventsOf(assetId).includes('asset.deleted'), {
      timeoutMs: 30_000,
      what: 'asset.deleted delivered',
    });
  });

  it('refuses a key that lacks the scope, and a missing key, with clear CLI errors', async () => {
    const reader = JSON.parse(
      (await cli(['keys', 'create', '--name', 'ro', '--scopes', 'assets:read', '--json'], TEST_BOOTSTRAP_KEY))
        .stdout,
    ) as { key: string };
    const refused = await cli(['webhooks', 'ls'], reader.key);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('webhooks:admin');
    const missing = await runCli(['assets', 'ls'], { SCALACAST_URL: server.url });
    expect(missing.code).toBe(2);
  });
});
