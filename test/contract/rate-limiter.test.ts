import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRateLimiter } from '../../origin/auth/redis-rate-limiter.js';
import type { RateLimiter } from '../../packager/ports.js';
import { createMemoryRateLimiter } from '../fakes/memory-rate-limiter.js';
import { startRedis, uniquePrefix, type TestRedis } from '../setup/redis.js';

// The RateLimiter contract on a real redis-server and on the in-memory fake. A slow sustained rate (one per
// minute) keeps the test independent of how fast it runs: only the burst is ever available.
let redis: TestRedis;
const connections: Redis[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.quit()));
  await redis?.stop();
});

const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

function redisLimiter(prefix: string, burst: number): RateLimiter {
  const connection = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  connections.push(connection);
  return createRedisRateLimiter({ redis: connection, prefix, perMinute: 1, burst, logger: silent });
}

describe.each([
  ['Redis', (burst: number) => redisLimiter(uniquePrefix('rl'), burst)],
  ['in-memory fake', (burst: number) => createMemoryRateLimiter({ perMinute: 1, burst })],
])('RateLimiter contract: %s', (_name, make) => {
  it('allows a burst, then refuses with a retry delay, per key', async () => {
    const limiter = make(3);
    const decisions = [];
    for (let i = 0; i < 4; i += 1) decisions.push(await limiter.consume('key-a'));
    expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(decisions[3]?.retryAfterMs).toBeGreaterThan(50_000);
    expect(decisions[3]?.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect((await limiter.consume('key-b')).allowed).toBe(true);
  });
});

describe('Redis rate limiter', () => {
  it('holds across instances: two limiters on one Redis share the count', async () => {
    const prefix = uniquePrefix('rl');
    const first = redisLimiter(prefix, 2);
    const second = redisLimiter(prefix, 2);
    expect((await first.consume('shared')).allowed).toBe(true);
    expect((await second.consume('shared')).allowed).toBe(true);
    expect((await first.consume('shared')).allowed).toBe(false);
    expect((await second.consume('shared')).allowed).toBe(false);
  });

  it('fails open when Redis is unreachable', async () => {
    const dead = new Redis('redis://127.0.0.1:1', {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    const limiter = createRedisRateLimiter({
      redis: dead,
      prefix: 'x',
      perMinute: 1,
      burst: 1,
      logger: silent,
    });
    expect((await limiter.consume('k')).allowed).toBe(true);
    expect((await limiter.consume('k')).allowed).toBe(true);
    dead.disconnect();
  });
});
