/**
 * Per-key rate limits shared by every origin instance, on Redis: GCRA (the generic cell rate algorithm,
 * as in redis-cell and Stripe's limiter). One key per API key holds its "theoretical arrival time"; a Lua
 * script reads and moves it atomically, on Redis's own clock, so instances with skewed clocks agree. A
 * request is allowed when it keeps the key within `burst` requests ahead of the sustained rate. Keys expire
 * when they would be back to a full burst, so memory is bounded by the keys active in the last minute.
 *
 * Fails open: when Redis does not answer (its connection fails fast), requests are allowed and a warning is
 * logged; a rate limiter must never take the API down with it.
 */
import type { Redis } from 'ioredis';
import type { Logger, RateLimitDecision, RateLimiter } from '../../packager/ports.js';

const GCRA = `
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tolerance = interval * burst
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - tolerance
if allow_at > now then
  return {0, 0, math.ceil(allow_at - now)}
end
redis.call('SET', KEYS[1], tostring(new_tat), 'PX', math.ceil(new_tat - now))
return {1, math.floor((now + tolerance - new_tat) / interval), 0}
`;

export interface RedisRateLimiterDeps {
  /** A fail-fast connection (no offline queue, short command timeout); not closed here. */
  readonly redis: Redis;
  /** Namespaces the keys (the deployment's QUEUE_PREFIX). */
  readonly prefix: string;
  readonly perMinute: number;
  readonly burst: number;
  readonly logger: Logger;
}

export function createRedisRateLimiter(deps: RedisRateLimiterDeps): RateLimiter {
  const intervalMs = 60_000 / deps.perMinute;
  const allowed: RateLimitDecision = {
    allowed: true,
    limit: deps.burst,
    remaining: deps.burst,
    retryAfterMs: 0,
  };
  return {
    async consume(key: string) {
      try {
        const [ok, remaining, retryAfterMs] = (await deps.redis.eval(
          GCRA,
          1,
          `${deps.prefix}:ratelimit:${key}`,
          String(intervalMs),
          String(deps.burst),
        )) as [number, number, number];
        return { allowed: ok === 1, limit: deps.burst, remaining, retryAfterMs };
      } catch (error) {
        deps.logger.warn({ err: error }, 'rate limiter unavailable, allowing the request');
        return allowed;
      }
    },
  };
}

/** No limit at all (API_RATE_LIMIT_PER_MINUTE=0). */
export const unlimitedRateLimiter: RateLimiter = {
  consume: () => Promise.resolve({ allowed: true, limit: 0, remaining: 0, retryAfterMs: 0 }),
};
