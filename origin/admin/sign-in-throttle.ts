/**
 * Slows password guessing: after MAX_FAILURES failed sign-ins from one client address within the window,
 * that address is refused until the window ends. Counted in Redis, so every origin instance shares the count.
 */
import type { Redis } from 'ioredis';

export const MAX_SIGN_IN_FAILURES = 10;
export const SIGN_IN_WINDOW_MS = 15 * 60_000;

export interface SignInThrottle {
  /** True while `client` may still try. */
  allows(client: string): Promise<boolean>;
  recordFailure(client: string): Promise<void>;
  /** After a successful sign-in. */
  reset(client: string): Promise<void>;
}

export function createRedisSignInThrottle(redis: Redis, prefix: string): SignInThrottle {
  const keyOf = (client: string) => `${prefix}:admin:sign-in-failures:${client}`;
  return {
    async allows(client) {
      const count = Number((await redis.get(keyOf(client))) ?? 0);
      return count < MAX_SIGN_IN_FAILURES;
    },
    async recordFailure(client) {
      // The window starts at the first failure and is not extended by later ones (NX).
      await redis.multi().incr(keyOf(client)).pexpire(keyOf(client), SIGN_IN_WINDOW_MS, 'NX').exec();
    },
    async reset(client) {
      await redis.del(keyOf(client));
    },
  };
}
