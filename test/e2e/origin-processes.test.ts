/**
 * The origin as processes: several of them (node:cluster) share no local state yet a herd costs one storage
 * read; a client that stops reading a large object makes the origin pull only a bounded amount from
 * storage; SIGTERM lets in-flight requests finish. Real `origin/main.ts` processes on PostgreSQL, Redis and
 * S3 (s3rver behind a counting TCP proxy).
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOriginStack, originMetric, type OriginStack } from '../setup/origin-stack.js';
import { seedAsset, type SeededAsset } from '../setup/origin-seed.js';
import { startS3rver, type S3rverHandle } from '../setup/s3rver.js';
import { startTcpProxy, type TcpProxy } from '../setup/tcp-proxy.js';
import { waitFor } from '../setup/wait-for.js';

const LARGE_BYTES = 96 * 1024 * 1024;
let s3: S3rverHandle;
let proxy: TcpProxy;
let stack: OriginStack;
let large: SeededAsset;

beforeAll(async () => {
  s3 = await startS3rver();
  proxy = await startTcpProxy(Number(new URL(s3.endpoint).port));
  const bucket = await s3.createBucket();
  stack = await startOriginStack({
    s3: { ...s3, endpoint: `http://127.0.0.1:${proxy.port}`, bucket },
    cacheMaxmemoryBytes: 64 * 1024 * 1024,
  });
  // Far above both cache caps (8 MiB memory, 4 MiB Redis): streamed from storage for every request.
  large = await seedAsset(stack.catalog, stack.store, { segmentSizes: [LARGE_BYTES] });
});

afterAll(async () => {
  await stack?.stop();
  await proxy?.stop();
  await s3?.stop();
});

/** A GET whose body is not read until `resume()`: a client on a slow or stalled network. */
function stalledGet(url: string) {
  let received = 0;
  let response: http.IncomingMessage | undefined;
  const headers = new Promise<http.IncomingMessage>((resolve, reject) => {
    const request = http.get(url, { agent: false }, (res) => {
      response = res;
      res.pause();
      resolve(res);
    });
    request.on('error', reject);
  });
  return {
    headers,
    received: () => received,
    resume: () =>
      new Promise<number>((resolve, reject) => {
        if (!response) throw new Error('no response yet');
        response.on('data', (chunk: Buffer) => (received += chunk.length));
        response.once('end', () => resolve(received));
        response.once('error', reject);
        response.resume();
      }),
  };
}

/** Waits until `read()` stops changing (the pipeline is full) and returns its value. */
async function settledValue(read: () => number): Promise<number> {
  let last = -1;
  let stableFor = 0;
  await waitFor(
    () => {
      const now = read();
      stableFor = now === last ? stableFor + 1 : 0;
      last = now;
      return stableFor >= 5;
    },
    { intervalMs: 100, timeoutMs: 30_000, what: 'the transfer to settle' },
  );
  return last;
}

describe('a client that stops reading', () => {
  it('makes the origin pull only a bounded part of a large object from storage, then gets it all', async () => {
    const origin = await stack.startOrigin();
    const before = proxy.bytesFromServer();
    const client = stalledGet(`${origin.url}${large.segmentPaths[0] ?? ''}`);
    expect((await client.headers).statusCode).toBe(200);
    const pulled = (await settledValue(() => proxy.bytesFromServer())) - before;
    // Socket buffers on each hop hold a few MiB; the rest of the object stays in storage until asked for.
    expect(pulled).toBeLessThan(LARGE_BYTES / 3);
    expect(await client.resume()).toBe(LARGE_BYTES);
    await origin.stop();
  });

  it('is cut off after HTTP_IDLE_TIMEOUT_MS, which releases the storage connection', async () => {
    const origin = await stack.startOrigin({ HTTP_IDLE_TIMEOUT_MS: '1000' });
    const client = stalledGet(`${origin.url}${large.segmentPaths[0] ?? ''}`);
    expect((await client.headers).statusCode).toBe(200);
    await waitFor(() => proxy.openConnections() > 0, { what: 'the storage connection' });
    // The stalled client still holds unread bytes, so it is the storage side that shows the cut.
    await waitFor(() => proxy.openConnections() === 0, {
      timeoutMs: 20_000,
      what: 'the storage connection to close',
    });
    const received = await client.resume().catch(() => client.received());
    expect(received).toBeLessThan(LARGE_BYTES);
    await origin.stop();
  });
});

describe('graceful shutdown', () => {
  it('stops accepting on SIGTERM but lets an in-flight request finish, then exits 0', async () => {
    const origin = await stack.startOrigin();
    const client = stalledGet(`${origin.url}${large.segmentPaths[0] ?? ''}`);
    expect((await client.headers).statusCode).toBe(200);
    const exited = origin.stop('SIGTERM');
    const port = Number(new URL(origin.url).port);
    await waitFor(async () => !(await acceptsConnections(port)), { what: 'the origin to stop accepting' });
    expect(await client.resume()).toBe(LARGE_BYTES);
    expect(await exited).toBe(0);
  });
});

describe('several origin processes (node:cluster)', () => {
  it('share no local state, yet 200 concurrent requests for one cold segment cause one storage read', async () => {
    const origin = await stack.startOrigin({ ORIGIN_WORKERS: '2', LOG_LEVEL: 'info' });
    const cold = await seedAsset(stack.catalog, stack.store, { segmentSizes: [500_000] });
    const path = cold.segmentPaths[0] ?? '';
    const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
    const statuses = await Promise.all(
      Array.from(
        { length: 200 },
        () =>
          new Promise<number>((resolve, reject) => {
            http
              .get(`${origin.url}${path}`, { agent }, (res) => {
                res.resume();
                res.once('end', () => resolve(res.statusCode ?? 0));
              })
              .on('error', reject);
          }),
      ),
    );
    agent.destroy();
    expect(statuses).toEqual(Array(200).fill(200));
    // /metrics of any worker answers for the whole cluster. On a loaded machine the primary may time out
    // gathering its workers: such a scrape fails (as Prometheus would see it) and is tried again.
    let reads = Number.NaN;
    await waitFor(
      async () => {
        reads = await originMetric(origin.url, 'scalacast_origin_storage_reads_total', {
          operation: 'get',
          result: 'ok',
        }).catch(() => Number.NaN);
        return !Number.isNaN(reads);
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'a successful scrape of the cluster metrics' },
    );
    expect(reads).toBe(1);
    expect(
      await originMetric(origin.url, 'scalacast_origin_request_duration_seconds_count', { status: '200' }),
    ).toBeGreaterThanOrEqual(200);
    const pids = new Set(
      origin
        .logRecords()
        .filter((line) => line.msg === 'origin listening')
        .map((line) => line.pid),
    );
    expect(pids.size).toBe(2);
    expect(await origin.stop('SIGTERM')).toBe(0);
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
