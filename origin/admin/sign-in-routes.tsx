/** @jsxImportSource hono/jsx */
/**
 * Sign-in and sign-out. The sign-in form is protected by a double-submit token (a random cookie echoed in
 * a hidden field: a cross-site page can post the form but cannot read the cookie), credentials are compared
 * in constant time, failures are counted per client address, and a success rotates to a fresh server-side
 * session. Sign-out sits behind the session gate, so it needs the session's CSRF token like any action.
 */
import { randomBytes } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import type { Logger } from '../../packager/ports.js';
import type { AdminDeps } from './admin-deps.js';
import type { AdminEnv } from './admin-env.js';
import { CSRF_FIELD, safeNextPath } from './require-session.js';
import { credentialsMatch, secretsEqual } from './secrets.js';
import {
  ADMIN_BASE_PATH,
  clearAdminCookie,
  isSecureRequest,
  readCookie,
  SESSION_COOKIE,
  setAdminCookie,
  SIGN_IN_COOKIE,
  SIGN_IN_COOKIE_MAX_AGE_SECONDS,
} from './session-cookie.js';
import { SignInPage } from './views/simple-pages.js';

type SignInProblem = 'wrong-credentials' | 'throttled' | 'expired-form';

export function createSignInRoutes(deps: AdminDeps): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();
  const secure = (c: Context) => isSecureRequest(c, deps.settings.publicBaseUrl);

  const renderForm = (
    c: Context,
    next: string,
    user: string,
    problem: SignInProblem | null,
    status: 200 | 401 | 403 | 429,
  ) => {
    const formToken = randomBytes(32).toString('base64url');
    setAdminCookie(c, SIGN_IN_COOKIE, formToken, {
      maxAgeSeconds: SIGN_IN_COOKIE_MAX_AGE_SECONDS,
      secure: secure(c),
    });
    const signedOut = c.req.query('signed-out') === '1';
    return c.html(
      <SignInPage formToken={formToken} next={next} user={user} problem={problem} signedOut={signedOut} />,
      status,
    );
  };

  routes.get(`${ADMIN_BASE_PATH}/sign-in`, async (c) => {
    const next = safeNextPath(c.req.query('next'));
    const token = readCookie(c, SESSION_COOKIE);
    if (token !== undefined && (await deps.sessions.find(token))) return c.redirect(next, 303);
    return renderForm(c, next, '', null, 200);
  });

  routes.post(`${ADMIN_BASE_PATH}/sign-in`, async (c) => {
    const logger = c.get('logger');
    const form = await c.req.parseBody();
    const field = (name: string) => (typeof form[name] === 'string' ? form[name] : '');
    const next = safeNextPath(field('next'));
    const user = field('user').slice(0, 256);
    const cookieToken = readCookie(c, SIGN_IN_COOKIE) ?? '';
    if (cookieToken === '' || !secretsEqual(cookieToken, field(CSRF_FIELD))) {
      return renderForm(c, next, user, 'expired-form', 403);
    }
    const client = clientAddress(c);
    if (!(await deps.signInThrottle.allows(client))) {
      logger.warn({ client }, 'admin sign-in refused: too many failures');
      return renderForm(c, next, user, 'throttled', 429);
    }
    const expected = { user: deps.settings.user, password: deps.settings.password };
    if (!credentialsMatch(expected, { user, password: field('password') })) {
      await deps.signInThrottle.recordFailure(client);
      logger.warn({ client }, 'admin sign-in failed');
      return renderForm(c, next, user, 'wrong-credentials', 401);
    }
    await deps.signInThrottle.reset(client);
    await startSession(c, deps, user, secure(c), logger);
    clearAdminCookie(c, SIGN_IN_COOKIE, secure(c));
    logger.info({ client, user }, 'admin signed in');
    return c.redirect(next, 303);
  });

  return routes;
}

/** Behind the session gate (which has checked the CSRF token). */
export function createSignOutRoutes(deps: AdminDeps): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();
  routes.post(`${ADMIN_BASE_PATH}/sign-out`, async (c) => {
    const token = readCookie(c, SESSION_COOKIE);
    if (token !== undefined) await deps.sessions.destroy(token);
    clearAdminCookie(c, SESSION_COOKIE, isSecureRequest(c, deps.settings.publicBaseUrl));
    c.get('logger').info({ user: c.get('adminSession').user }, 'admin signed out');
    return c.redirect(`${ADMIN_BASE_PATH}/sign-in?signed-out=1`, 303);
  });
  return routes;
}

async function startSession(c: Context, deps: AdminDeps, user: string, secure: boolean, logger: Logger) {
  // A session token that arrived before sign-in is never reused (no session fixation): always a new one.
  const previous = readCookie(c, SESSION_COOKIE);
  if (previous !== undefined) await deps.sessions.destroy(previous).catch(() => undefined);
  const { token, session } = await deps.sessions.create(user);
  setAdminCookie(c, SESSION_COOKIE, token, {
    maxAgeSeconds: Math.floor((session.expiresAtMs - session.createdAtMs) / 1000),
    secure,
  });
  logger.debug({ expiresAtMs: session.expiresAtMs }, 'admin session started');
}

/** The TCP peer (not X-Forwarded-For, which a client could vary to dodge the throttle). */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
