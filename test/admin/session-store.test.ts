/** Admin sessions and the sign-in throttle on a real redis-server, isolated by a random key prefix. */
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisSessionStore } from '../../origin/admin/session-store.js';
import { createRedisSignInThrottle, MAX_SIGN_IN_FAILURES } from '../../origin/admin/sign-in-throttle.js';
import { startRedis, uniquePrefix, type TestRedis } from '../setup/redis.js';

let server: TestRedis;
let redis: Redis;

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
});

afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

describe('Redis admin sessions', () => {
  let nowMs: number;
  let prefix: string;
  const clock = { nowMs: () => nowMs };

  beforeEach(() => {
    nowMs = Date.UTC(2026, 10, 30, 12);
    prefix = uniquePrefix('admin');
  });

  it('finds a session by its token until the TTL runs out, and never stores the token itself', async () => {
    const store = createRedisSessionStore({ redis, prefix, ttlMs: 60_000, clock });
    const { token, session } = await store.create('operator');
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(session).toEqual({
      user: 'operator',
      csrfToken: expect.stringMatching(/^[\w-]{43}$/) as string,
      createdAtMs: nowMs,
      expiresAtMs: nowMs + 60_000,
    });
    expect(await store.find(token)).toEqual(session);
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain(token);
    expect(await redis.get(keys[0] ?? '')).not.toContain(token);
    expect(await redis.pttl(keys[0] ?? '')).toBeGreaterThan(50_000);

    nowMs += 60_000;
    expect(await store.find(token)).toBeNull();
  });

  it('gives each session its own token and CSRF token, and ends one without touching the other', async () => {
    const store = createRedisSessionStore({ redis, prefix, ttlMs: 60_000, clock });
    const first = await store.create('operator');
    const second = await store.create('operator');
    expect(first.token).not.toBe(second.token);
    expect(first.session.csrfToken).not.toBe(second.session.csrfToken);
    await store.destroy(first.token);
    await store.destroy(first.token);
    expect(await store.find(first.token)).toBeNull();
    expect(await store.find(second.token)).toEqual(second.session);
  });

  it('answers null to malformed tokens and to values it did not write', async () => {
    const store = createRedisSessionStore({ redis, prefix, ttlMs: 60_000, clock });
    for (const token of ['', 'short', 'A'.repeat(43), `${'A'.repeat(42)}*`, '../../etc/passwd']) {
      expect(await store.find(token)).toBeNull();
    }
    const token = 'B'.repeat(43);
    const key = `${prefix}:admin:session:${createHash('sha256').update(token).digest('hex')}`;
    await redis.set(key, 'not json');
    expect(await store.find(token)).toBeNull();
    await redis.set(
      key,
      JSON.stringify({ user: 'x', csrfToken: 'y', createdAtMs: 0, expiresAtMs: nowMs - 1 }),
    );
    expect(await store.find(token)).toBeNull();
    await redis.set(
      key,
      JSON.stringify({ user: 'x', csrfToken: 'y', createdAtMs: 0, expiresAtMs: nowMs + 1 }),
    );
    expect(await store.find(token)).toMatchObject({ user: 'x' });
  });

  it('counts failed sign-ins per client within the window and resets on success', async () => {
    const throttle = createRedisSignInThrottle(redis, prefix);
    for (let i = 0; i < MAX_SIGN_IN_FAILURES - 1; i += 1) await throttle.recordFailure('10.0.0.1');
    expect(await throttle.allows('10.0.0.1')).toBe(true);
    await throttle.recordFailure('10.0.0.1');
    expect(await throttle.allows('10.0.0.1')).toBe(false);
    expect(await throttle.allows('10.0.0.2')).toBe(true);
    const ttlMs = await redis.pttl(`${prefix}:admin:sign-in-failures:10.0.0.1`);
    expect(ttlMs).toBeGreaterThan(14 * 60_000);
    expect(ttlMs).toBeLessThanOrEqual(15 * 60_000);
    await throttle.reset('10.0.0.1');
    expect(await throttle.allows('10.0.0.1')).toBe(true);
  });
});
