import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySegmentCache } from '../../packager/cache/memory-segment-cache.js';
import { createRedisSegmentCache } from '../../packager/cache/redis-segment-cache.js';
import { createCacheRedis } from '../../packager/platform/redis.js';
import type { Redis } from 'ioredis';
import { startRedis, uniquePrefix, type TestRedis } from '../setup/redis.js';
import { waitFor } from '../setup/wait-for.js';
import { describeSegmentCacheContract } from './segment-cache.contract.js';

let redisServer: TestRedis;
let redis: Redis;

beforeAll(async () => {
  redisServer = await startRedis('allkeys-lru', 64 * 1024 * 1024);
  redis = createCacheRedis(redisServer.url);
  await waitFor(() => redis.status === 'ready', { what: 'the cache connection' });
});

afterAll(async () => {
  redis?.disconnect();
  await redisServer?.stop();
});

describeSegmentCacheContract('in-process LRU', (maxObjectBytes) =>
  Promise.resolve(createMemorySegmentCache({ maxBytes: 16 * 1024 * 1024, maxObjectBytes })),
);

describeSegmentCacheContract('Redis', (maxObjectBytes) =>
  Promise.resolve(createRedisSegmentCache({ redis, keyPrefix: `${uniquePrefix('cache')}:`, maxObjectBytes })),
);

describe('in-process LRU capacity', () => {
  it('evicts the least recently used objects to stay within its bytes', async () => {
    const cache = createMemorySegmentCache({ maxBytes: 10 * 2048, maxObjectBytes: 4096 });
    const object = { body: Buffer.alloc(1536), etag: 'e', contentType: 'video/mp4' };
    for (let index = 0; index < 10; index += 1) cache.setNow(`k${index}`, object);
    expect(cache.entryCount()).toBe(10);
    cache.getNow('k0'); // recently used: survives the next insert, k1 does not
    cache.setNow('k10', object);
    expect(cache.getNow('k0')).toBeDefined();
    expect(cache.getNow('k1')).toBeUndefined();
    expect(cache.sizeBytes()).toBeLessThanOrEqual(10 * 2048);
  });
});

describe('Redis cache while Redis is down', () => {
  it('throws upstream_unavailable at once, and works again once Redis is back', async () => {
    const server = await startRedis('allkeys-lru', 16 * 1024 * 1024);
    const connection = createCacheRedis(server.url);
    const cache = createRedisSegmentCache({ redis: connection, keyPrefix: 'down:', maxObjectBytes: 1024 });
    try {
      await waitFor(() => connection.status === 'ready', { what: 'the cache connection' });
      await cache.set('k', { body: Buffer.from('x'), etag: 'e', contentType: 'video/mp4' });
      server.kill(); // supervised: comes back by itself, empty (not persistent)
      await waitFor(() => connection.status !== 'ready', { what: 'the connection to notice' });
      await expect(cache.get('k')).rejects.toMatchObject({ code: 'upstream_unavailable', retryable: true });
      await expect(cache.acquireLease('k', 1000)).rejects.toMatchObject({ code: 'upstream_unavailable' });
      await waitFor(() => connection.status === 'ready', { timeoutMs: 20_000, what: 'reconnection' });
      expect(await cache.get('k')).toBeNull();
      expect(await cache.set('k', { body: Buffer.from('y'), etag: 'e', contentType: 'video/mp4' })).toBe(
        true,
      );
      expect((await cache.get('k'))?.body.toString()).toBe('y');
    } finally {
      connection.disconnect();
      await server.stop();
    }
  });
});
