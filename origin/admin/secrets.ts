/** Constant-time comparisons for the sign-in and CSRF checks. */
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * True when `given` equals `expected`, in time independent of where they differ and of their lengths:
 * both sides are hashed to 32 bytes first, so timingSafeEqual always compares equal-length buffers.
 */
export function secretsEqual(expected: string, given: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given));
}

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

/** Both parts are always compared (no early exit on a wrong user name). */
export function credentialsMatch(expected: Credentials, given: Credentials): boolean {
  const userOk = secretsEqual(expected.user, given.user);
  const passwordOk = secretsEqual(expected.password, given.password);
  return userOk && passwordOk;
}
