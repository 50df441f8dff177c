/**
 * The origin when its dependencies fail, with real processes: a real `origin/main.ts` on PostgreSQL, a
 * segment-cache redis-server that the test kills, freezes and restarts, and S3 (s3rver) behind a TCP proxy
 * the test cuts and blackholes. Players must not see the cache die; a dead store must cost cached objects
 * nothing and uncached ones a quick 503, and everything must heal without restarting the origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKillableRedis, type KillableRedis } from '../setup/killable-redis.js';
import { startOriginStack, originMetric, type OriginStack } from '../setup/origin-stack.js';
import { seedAsset, type SeededAsset } from '../setup/origin-seed.js';
import type { ScalacastProcess } from '../setup/scalacast-process.js';
import { startS3rver, type S3rverHandle } from '../setup/s3rver.js';
import { startTcpProxy, type TcpProxy } from '../setup/tcp-proxy.js';
import { waitFor } from '../setup/wait-for.js';

let s3: S3rverHandle;
let proxy: TcpProxy;
let cacheRedis: KillableRedis;
let stack: OriginStack;
let origin: ScalacastProcess;

beforeAll(async () => {
  [s3, cacheRedis] = await Promise.all([startS3rver(), startKillableRedis(64 * 1024 * 1024)]);
  proxy = await startTcpProxy(Number(new URL(s3.endpoint).port));
  const bucket = await s3.createBucket();
  stack = await startOriginStack({
    s3: { ...s3, endpoint: `http://127.0.0.1:${proxy.port}`, bucket },
    cacheRedisUrl: cacheRedis.url,
  });
  origin = await stack.startOrigin({
    // 1 MiB of memory per process: most segments below come from the Redis tier or storage.
    CACHE_MEMORY_MAX_BYTES: String(1024 * 1024),
    STORAGE_TIMEOUT_MS: '1500',
    STORAGE_BREAKER_FAILURES: '3',
    STORAGE_BREAKER_COOLDOWN_MS: '500',
  });
});

afterAll(async () => {
  await stack?.stop();
  await Promise.all([cacheRedis?.stop(), proxy?.stop()]);
  await s3?.stop();
});

const metric = (name: string, labels: Record<string, string> = {}) => originMetric(origin.url, name, labels);
const redisLookups = (result: string) =>
  metric('scalacast_origin_cache_lookups_total', { tier: 'redis', result });

/** Fetches `paths` in a loop from `concurrency` clients until stopped; records every outcome. */
function runLoad(baseUrl: string, paths: readonly string[], concurrency: number) {
  const outcomes = new Map<string, number>();
  let running = true;
  const record = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  const clients = Array.from({ length: concurrency }, async (_, client) => {
    for (let index = client; running; index += concurrency) {
      const path = paths[index % paths.length] ?? '';
      try {
        const response = await fetch(`${baseUrl}${path}`);
        const body = await response.arrayBuffer();
        record(response.status === 200 && body.byteLength > 0 ? 'ok' : `status ${response.status}`);
      } catch (error) {
        record(`error ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  });
  return {
    outcomes,
    total: () => [...outcomes.values()].reduce((a, b) => a + b, 0),
    stop: async () => {
      running = false;
      await Promise.all(clients);
      return outcomes;
    },
  };
}

describe('the segment cache Redis dies under load', () => {
  let asset: SeededAsset;

  beforeAll(async () => {
    asset = await seedAsset(stack.catalog, stack.store, { segmentSizes: Array(40).fill(100_000) });
    for (const path of asset.segmentPaths) expect((await fetch(`${origin.url}${path}`)).status).toBe(200);
  });

  it('keeps answering every request from storage, and uses the cache again once Redis is back', async () => {
    const load = runLoad(origin.url, asset.segmentPaths, 8);
    await waitFor(async () => (await redisLookups('hit')) > 50, { what: 'the load to hit the Redis tier' });

    await cacheRedis.kill();
    const errorsBefore = await redisLookups('error');
    const servedBefore = load.total();
    // While Redis is dead, requests go on (the cache reports itself unavailable at once) and succeed.
    await waitFor(
      async () => (await redisLookups('error')) > errorsBefore && load.total() > servedBefore + 100,
      {
        what: 'requests to be served while the cache is down',
      },
    );

    await cacheRedis.restart();
    const hitsAfterRestart = await redisLookups('hit');
    await waitFor(async () => (await redisLookups('hit')) > hitsAfterRestart + 50, {
      timeoutMs: 60_000,
      what: 'the origin to use the restarted Redis again',
    });
    const outcomes = await load.stop();
    expect(Object.fromEntries(outcomes)).toEqual({ ok: load.total() });
  });

  it('keeps answering while Redis hangs (every cache call has a deadline)', async () => {
    cacheRedis.freeze();
    try {
      const responses = await Promise.all(
        asset.segmentPaths.slice(0, 10).map((path) => fetch(`${origin.url}${path}`)),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
    } finally {
      cacheRedis.thaw();
    }
  });
});

describe('storage becomes unreachable', () => {
  let asset: SeededAsset;

  beforeAll(async () => {
    asset = await seedAsset(stack.catalog, stack.store, { segmentSizes: Array(12).fill(50_000) });
  });

  it('serves what is cached, answers 503 with Retry-After for the rest, and recovers by itself', async () => {
    const cached = asset.segmentPaths.slice(0, 6);
    const uncached = asset.segmentPaths.slice(6);
    for (const path of cached) expect((await fetch(`${origin.url}${path}`)).status).toBe(200);

    await proxy.cut();
    for (const path of cached) expect((await fetch(`${origin.url}${path}`)).status, path).toBe(200);
    for (const path of uncached) {
      const response = await fetch(`${origin.url}${path}`);
      expect(response.status, path).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    // The breaker is open: storage is no longer asked, requests are refused at once.
    expect(await metric('scalacast_origin_storage_breaker_state')).toBe(2);
    expect(await metric('scalacast_origin_storage_reads_total', { result: 'rejected' })).toBeGreaterThan(0);

    await proxy.restore();
    await waitFor(async () => (await fetch(`${origin.url}${uncached[0] ?? ''}`)).status === 200, {
      what: 'the origin to read storage again',
    });
    for (const path of uncached) expect((await fetch(`${origin.url}${path}`)).status).toBe(200);
    expect(await metric('scalacast_origin_storage_breaker_state')).toBe(0);
  });

  it('answers instead of hanging when storage accepts connections and never responds', async () => {
    const fresh = await seedAsset(stack.catalog, stack.store, { segmentSizes: [50_000, 50_000] });
    proxy.blackhole();
    try {
      const response = await fetch(`${origin.url}${fresh.segmentPaths[0] ?? ''}`);
      expect([503, 504]).toContain(response.status);
      expect(response.headers.get('retry-after')).not.toBeNull();
    } finally {
      await proxy.restore();
    }
    await waitFor(async () => (await fetch(`${origin.url}${fresh.segmentPaths[1] ?? ''}`)).status === 200, {
      what: 'recovery after the hang',
    });
  });
});
