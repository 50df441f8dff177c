/**
 * Admin sessions, kept server-side in the queue Redis (shared by every origin instance, `noeviction`, so a
 * session is never evicted early). The cookie carries only a random 256-bit token: nothing to forge or
 * decode, so it needs no signature, and signing out (or a TTL running out) ends it everywhere at once,
 * which a signed stateless cookie cannot do. Redis stores the token's SHA-256, never the token, so read
 * access to Redis does not hand out usable cookies.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppError } from '../../packager/domain/errors.js';
import type { Clock } from '../../packager/ports.js';

export interface AdminSession {
  readonly user: string;
  /** The synchronizer token every action of this session must send back. */
  readonly csrfToken: string;
  readonly createdAtMs: number;
  readonly expiresAtMs: number;
}

export interface SessionStore {
  /** Starts a session for `user`; returns the cookie token (shown once, never stored) and the session. */
  create(user: string): Promise<{ readonly token: string; readonly session: AdminSession }>;
  /** The live session of a cookie token; null when unknown, malformed or expired. */
  find(token: string): Promise<AdminSession | null>;
  /** Ends the session (idempotent). */
  destroy(token: string): Promise<void>;
}

export interface RedisSessionStoreDeps {
  readonly redis: Redis;
  /** Key prefix (the queue prefix), so deployments sharing a Redis stay apart. */
  readonly prefix: string;
  readonly ttlMs: number;
  readonly clock: Clock;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function createRedisSessionStore(deps: RedisSessionStoreDeps): SessionStore {
  const keyOf = (token: string) =>
    `${deps.prefix}:admin:session:${createHash('sha256').update(token).digest('hex')}`;

  async function guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new AppError('upstream_unavailable', 'The session store (Redis) is not reachable.', {
        retryable: true,
        cause: error,
      });
    }
  }

  return {
    create: (user) =>
      guard(async () => {
        const token = randomBytes(32).toString('base64url');
        const nowMs = deps.clock.nowMs();
        const session: AdminSession = {
          user,
          csrfToken: randomBytes(32).toString('base64url'),
          createdAtMs: nowMs,
          expiresAtMs: nowMs + deps.ttlMs,
        };
        await deps.redis.set(keyOf(token), JSON.stringify(session), 'PX', deps.ttlMs);
        return { token, session };
      }),

    find: (token) =>
      guard(async () => {
        if (!TOKEN_PATTERN.test(token)) return null;
        const text = await deps.redis.get(keyOf(token));
        const session = text === null ? null : parseSession(text);
        // Redis expires the key; the clock check also holds if the key's TTL was ever lost (a restore).
        return session && session.expiresAtMs > deps.clock.nowMs() ? session : null;
      }),

    destroy: (token) =>
      guard(async () => {
        if (TOKEN_PATTERN.test(token)) await deps.redis.del(keyOf(token));
      }),
  };
}

function parseSession(text: string): AdminSession | null {
  try {
    const value = JSON.parse(text) as Partial<AdminSession>;
    if (
      typeof value.user === 'string' &&
      typeof value.csrfToken === 'string' &&
      typeof value.createdAtMs === 'number' &&
      typeof value.expiresAtMs === 'number'
    ) {
      return {
        user: value.user,
        csrfToken: value.csrfToken,
        createdAtMs: value.createdAtMs,
        expiresAtMs: value.expiresAtMs,
      };
    }
  } catch {
    // A value we did not write: treated as no session.
  }
  return null;
}
