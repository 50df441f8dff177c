import type { Clock, RateLimitDecision, RateLimiter } from '../../packager/ports.js';

/** The Redis limiter's GCRA in memory, on a given clock (the contract suite runs both). */
export function createMemoryRateLimiter(options: {
  readonly perMinute: number;
  readonly burst: number;
  readonly clock?: Clock;
}): RateLimiter {
  const clock = options.clock ?? { nowMs: () => Date.now() };
  const intervalMs = 60_000 / options.perMinute;
  const tolerance = intervalMs * options.burst;
  const arrivals = new Map<string, number>();
  return {
    consume: async (key: string): Promise<RateLimitDecision> => {
      const now = clock.nowMs();
      const tat = Math.max(arrivals.get(key) ?? now, now);
      const next = tat + intervalMs;
      const allowAt = next - tolerance;
      if (allowAt > now) {
        return { allowed: false, limit: options.burst, remaining: 0, retryAfterMs: Math.ceil(allowAt - now) };
      }
      arrivals.set(key, next);
      return {
        allowed: true,
        limit: options.burst,
        remaining: Math.floor((now + tolerance - next) / intervalMs),
        retryAfterMs: 0,
      };
    },
  };
}
