/**
 * The gate in front of every /admin route except the sign-in page and the stylesheet/script: without a live
 * session a page request is sent to sign in and anything else gets 401. With one, every request that can
 * change something (any method but GET/HEAD) must also carry the session's synchronizer token, in the
 * `X-CSRF-Token` header or a `_csrf` form field; a forged cross-site request cannot read it, so it is
 * refused with 403 even if a browser attached the cookie.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../../packager/domain/errors.js';
import type { AdminEnv } from './admin-env.js';
import { secretsEqual } from './secrets.js';
import { ADMIN_BASE_PATH, readCookie, SESSION_COOKIE } from './session-cookie.js';
import type { AdminSession, SessionStore } from './session-store.js';

export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

export function requireSession(sessions: SessionStore): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const token = readCookie(c, SESSION_COOKIE);
    const session = token === undefined ? null : await sessions.find(token);
    if (!session) return refuse(c);
    if (!isSafeMethod(c.req.method) && !(await carriesCsrfToken(c, session))) {
      throw new AppError(
        'forbidden',
        'This action did not come from a dashboard page of this session. Reload the page and try again.',
      );
    }
    c.set('adminSession', session);
    await next();
  };
}

export function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

async function carriesCsrfToken(c: Context<AdminEnv>, session: AdminSession): Promise<boolean> {
  const header = c.req.header(CSRF_HEADER);
  if (header !== undefined) return secretsEqual(session.csrfToken, header);
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded|^multipart\/form-data/i.test(type)) return false;
  const form = await c.req.parseBody();
  const field = form[CSRF_FIELD];
  return typeof field === 'string' && secretsEqual(session.csrfToken, field);
}

function refuse(c: Context<AdminEnv>): Response {
  // Browsers navigating ask for text/html; the live fragments, bull-board's API and scripts do not.
  const wantsPage = isSafeMethod(c.req.method) && (c.req.header('accept') ?? '').includes('text/html');
  if (wantsPage) {
    const url = new URL(c.req.url);
    const next = `${url.pathname}${url.search}`;
    c.header('Cache-Control', 'no-store');
    return c.redirect(`${ADMIN_BASE_PATH}/sign-in?next=${encodeURIComponent(next)}`, 303);
  }
  throw new AppError('unauthorized', 'Sign in to the admin dashboard first.');
}

/** A `next=` target is followed only when it is a path inside the dashboard (never another site). */
export function safeNextPath(next: string | undefined): string {
  if (next === undefined || !/^\/admin(\/|\?|$)/.test(next) || /[\\\r\n]/.test(next)) return ADMIN_BASE_PATH;
  return next.startsWith(`${ADMIN_BASE_PATH}/sign-`) ? ADMIN_BASE_PATH : next;
}
