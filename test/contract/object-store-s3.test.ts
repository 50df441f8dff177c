import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../packager/domain/errors.js';
import type { ObjectStore } from '../../packager/ports.js';
import { createS3ObjectStore } from '../../packager/storage/s3-object-store.js';
import type { S3rverHandle } from '../setup/s3rver.js';
import { startS3rver } from '../setup/s3rver.js';
import {
  MIB,
  collect,
  expectAppError,
  generatedStream,
  sha256OfStream,
  streamOf,
} from './object-store-helpers.js';

const OCTETS = 'application/octet-stream';
const CREDENTIALS = { accessKey: 'key', secretKey: 'secret', region: 'us-east-1', bucket: 'bucket' };

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Every port method on a store that cannot answer must fail retryably with upstream_unavailable. */
async function expectAllUnavailable(store: ObjectStore): Promise<void> {
  const calls: (() => Promise<unknown>)[] = [
    () => store.put('a/b', Buffer.from('x'), { contentType: OCTETS }),
    () => store.put('a/c', streamOf(Buffer.from('x')), { contentType: OCTETS }),
    () => store.stat('a/b'),
    () => store.get('a/b'),
    () => store.getBuffer('a/b', 10),
    () => collect(store.list('a/')),
    () => store.deletePrefix('a/'),
    () => store.ping(),
  ];
  for (const call of calls) {
    const error: unknown = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAppError(error) && error.code, String(error)).toBe('upstream_unavailable');
    expect(isAppError(error) && error.retryable).toBe(true);
  }
}

describe('s3 object store specifics', () => {
  let s3rver: S3rverHandle;

  beforeAll(async () => {
    s3rver = await startS3rver();
  });

  afterAll(async () => {
    await s3rver.stop();
  });

  it('a refused connection fails every call with upstream_unavailable, and bad keys still with invalid_path', async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const store = createS3ObjectStore({ ...CREDENTIALS, endpoint: `http://127.0.0.1:${port}` });
    await expectAllUnavailable(store);
    await expectAppError(store.get('../x'), 'invalid_path');
    store.close();
  }, 10_000);

  it('a server that never answers fails calls with upstream_unavailable after the request timeout', async () => {
    const sockets = new Set<Socket>();
    const silent = createTcpServer((socket) => sockets.add(socket));
    const port = await listen(silent);
    const store = createS3ObjectStore({
      ...CREDENTIALS,
      endpoint: `http://127.0.0.1:${port}`,
      requestTimeoutMs: 200,
    });
    try {
      await expectAllUnavailable(store);
    } finally {
      store.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  }, 20_000);

  it('a server answering 503 fails calls with upstream_unavailable', async () => {
    const busy = createServer((req, res) => {
      req.resume();
      res.writeHead(503, { 'content-type': 'application/xml' }).end();
    });
    const port = await listen(busy);
    const store = createS3ObjectStore({ ...CREDENTIALS, endpoint: `http://127.0.0.1:${port}` });
    try {
      await expectAllUnavailable(store);
    } finally {
      store.close();
      busy.closeAllConnections();
      await new Promise((resolve) => busy.close(resolve));
    }
  }, 10_000);

  it('ensureBucket creates a missing bucket once; ping fails until it exists', async () => {
    const bucket = `e-${Date.now().toString(36)}`;
    const store = createS3ObjectStore({ ...s3rver, bucket });
    await expectAppError(store.ping(), 'upstream_unavailable');
    await store.ensureBucket();
    await store.ensureBucket();
    await store.ping();
    store.close();
  });

  it('uploads 100 MiB of unknown size as a multipart upload and reads it back intact', async () => {
    const store = createS3ObjectStore({ ...s3rver, bucket: await s3rver.createBucket() });
    const generated = generatedStream(100 * MIB, 3);
    const info = await store.put('big/source', generated.stream, { contentType: 'video/mp4' });
    expect(info.sizeBytes).toBe(100 * MIB);
    expect(await store.stat('big/source')).toMatchObject({ sizeBytes: 100 * MIB, contentType: 'video/mp4' });
    expect(await sha256OfStream((await store.get('big/source')).body)).toBe(generated.sha256());
    store.close();
  });

  it('splits by partSizeBytes, for known and unknown sizes', async () => {
    const store = createS3ObjectStore({
      ...s3rver,
      bucket: await s3rver.createBucket(),
      partSizeBytes: 5 * MIB,
    });
    const unknown = generatedStream(12 * MIB, 4);
    const a = await store.put('p/unknown', unknown.stream, { contentType: OCTETS });
    const known = generatedStream(12 * MIB, 4);
    const b = await store.put('p/known', known.stream, { contentType: OCTETS, sizeBytes: 12 * MIB });
    expect(a.sizeBytes).toBe(12 * MIB);
    expect(b.etag).toBe(a.etag);
    expect(await sha256OfStream((await store.get('p/known')).body)).toBe(known.sha256());
    expect(await sha256OfStream((await store.get('p/unknown')).body)).toBe(unknown.sha256());
    store.close();
  });

  it('a multipart upload cut off by maxBytes or a failing source leaves nothing visible, and the old object', async () => {
    const store = createS3ObjectStore({
      ...s3rver,
      bucket: await s3rver.createBucket(),
      partSizeBytes: 5 * MIB,
    });
    await expectAppError(
      store.put('m/new', generatedStream(20 * MIB).stream, { contentType: OCTETS, maxBytes: 12 * MIB }),
      'payload_too_large',
    );
    expect(await store.stat('m/new')).toBeNull();
    const old = await store.put('m/keep', Buffer.from('old'), { contentType: OCTETS });
    await expectAppError(
      store.put('m/keep', generatedStream(20 * MIB).stream, { contentType: OCTETS, maxBytes: 12 * MIB }),
      'payload_too_large',
    );
    async function* failsMidway(): AsyncGenerator<Buffer> {
      yield Buffer.alloc(6 * MIB, 1);
      throw new Error('client went away');
    }
    await expectAppError(
      store.put('m/keep', Readable.from(failsMidway()), { contentType: OCTETS }),
      'internal',
    );
    expect(await store.stat('m/keep')).toEqual({ ...old, contentType: OCTETS });
    expect(await collect(store.list('m/'))).toMatchObject([{ key: 'm/keep', sizeBytes: 3 }]);
    store.close();
  });
});
