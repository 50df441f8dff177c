// Resumable uploads over real connections: a PATCH cut mid-body leaves the upload at its last acknowledged
// offset (HEAD says where), the upload resumes from there, and the stored source is byte-identical to the
// file. Real HTTP server, PGlite catalog and filesystem object store; the client is the CLI's tus client.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliApi } from '../../origin/cli/cli-api.js';
import { tusUpload } from '../../origin/cli/tus-client.js';
import { createTestApp } from '../../origin/testing/app-harness.js';
import { TEST_BOOTSTRAP_KEY } from '../../origin/testing/publisher-harness.js';
import { createPgliteDatabaseOn } from '../../packager/catalog/database.js';
import { createKyselyCatalog } from '../../packager/catalog/kysely-catalog.js';
import { createKyselyPublisherStores } from '../../packager/catalog/kysely-publisher-stores.js';
import { migrateToLatest } from '../../packager/catalog/migrate.js';
import type { ObjectStore } from '../../packager/ports.js';
import { createFilesystemObjectStore } from '../../packager/storage/filesystem-object-store.js';

const CHUNK = 1024 * 1024;
const clock = { nowMs: () => Date.now() };
let dir: string;
let pglite: PGlite;
let store: ObjectStore;
let server: ServerType;
let baseUrl: string;
let sourcePath: string;
let sourceSha: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-tus-'));
  pglite = await PGlite.create('memory://');
  const db = createPgliteDatabaseOn(pglite);
  await migrateToLatest(db);
  store = createFilesystemObjectStore({ rootDir: path.join(dir, 'store') });
  const { app } = createTestApp({
    catalog: createKyselyCatalog({ db, clock }),
    store,
    config: { maxUploadBytes: 64 * CHUNK },
    publisher: { stores: createKyselyPublisherStores({ db, clock }), uploadChunkBytes: CHUNK },
  });
  server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  sourcePath = path.join(dir, 'source.bin');
  const bytes = randomBytes(3 * CHUNK + 12_345);
  await fs.writeFile(sourcePath, bytes);
  sourceSha = sha256(bytes);
});

afterAll(async () => {
  (server as http.Server | undefined)?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await pglite?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function storedSourceSha(assetId: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of (await store.get(`assets/${assetId}/source`)).body) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const auth = { authorization: `Bearer ${TEST_BOOTSTRAP_KEY}` };

/** Sends a PATCH announcing `declared` bytes, writes only `sent` of them, then drops the connection. */
function cutPatch(url: string, offset: number, body: Buffer, sent: number): Promise<void> {
  return new Promise((resolve) => {
    const request = http.request(url, {
      method: 'PATCH',
      headers: {
        ...auth,
        'tus-resumable': '1.0.0',
        'upload-offset': String(offset),
        'content-type': 'application/offset+octet-stream',
        'content-length': String(body.length),
      },
    });
    request.on('error', () => resolve());
    request.on('response', () => resolve());
    request.write(body.subarray(0, sent), () => {
      request.destroy();
      resolve();
    });
  });
}

async function head(url: string): Promise<number> {
  const response = await fetch(url, { method: 'HEAD', headers: { ...auth, 'tus-resumable': '1.0.0' } });
  expect(response.status).toBe(200);
  return Number(response.headers.get('upload-offset'));
}

describe('resumable uploads over a real connection', () => {
  it('resumes from the offset HEAD reports after the connection dies mid-chunk, and stores the exact bytes', async () => {
    const file = await fs.readFile(sourcePath);
    const created = await fetch(`${baseUrl}/v1/uploads`, {
      method: 'POST',
      headers: { ...auth, 'tus-resumable': '1.0.0', 'upload-length': String(file.length) },
    });
    const url = created.headers.get('location') ?? '';
    const first = await fetch(url, {
      method: 'PATCH',
      headers: {
        ...auth,
        'tus-resumable': '1.0.0',
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
      },
      body: file.subarray(0, CHUNK),
    });
    expect(first.headers.get('upload-offset')).toBe(String(CHUNK));

    await cutPatch(url, CHUNK, file.subarray(CHUNK, 2 * CHUNK), 300_000);
    // What was cut is not acknowledged: the upload stays at the end of the first chunk.
    expect(await head(url)).toBe(CHUNK);

    const result = await tusUpload({
      api: createCliApi(baseUrl, TEST_BOOTSTRAP_KEY),
      filePath: sourcePath,
      metadata: {},
      resumeUrl: url,
    });
    expect(result.resumedFromBytes).toBe(CHUNK);
    expect(result.uploadUrl).toBe(url);
    expect(await storedSourceSha(result.assetId)).toBe(sourceSha);
  });

  it('lets the CLI client ride out a connection that breaks mid-upload', async () => {
    const proxy = await startCuttingProxy(Number(new URL(baseUrl).port), Math.round(1.5 * CHUNK));
    try {
      const progress: number[] = [];
      const result = await tusUpload({
        api: createCliApi(`http://127.0.0.1:${proxy.port}`, TEST_BOOTSTRAP_KEY),
        filePath: sourcePath,
        metadata: { filename: 'source.bin' },
        retryDelayMs: () => 10,
        onProgress: (sent) => progress.push(sent),
      });
      expect(proxy.cuts()).toBe(1);
      expect(progress.at(-1)).toBe(3 * CHUNK + 12_345);
      expect(await storedSourceSha(result.assetId)).toBe(sourceSha);
    } finally {
      await proxy.stop();
    }
  });
});

/** A TCP proxy that drops the first connection once it has forwarded `cutAfterBytes` from the client. */
async function startCuttingProxy(targetPort: number, cutAfterBytes: number) {
  let cuts = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ port: targetPort, host: '127.0.0.1' });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.once('close', () => sockets.delete(socket));
    }
    let forwarded = 0;
    client.on('data', (chunk: Buffer) => {
      forwarded += chunk.length;
      if (cuts === 0 && forwarded > cutAfterBytes) {
        cuts += 1;
        client.destroy();
        upstream.destroy();
        return;
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cuts: () => cuts,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
