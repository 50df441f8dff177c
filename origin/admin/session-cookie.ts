/**
 * The admin cookies. The session cookie is HttpOnly (no script reads it), SameSite=Strict (no other site's
 * page or link sends it), scoped to /admin, Secure whenever the dashboard is reached over HTTPS, and
 * expires with the server-side session.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const ADMIN_BASE_PATH = '/admin';
export const SESSION_COOKIE = 'scalacast_admin';
/** Double-submit token of the sign-in form (there is no session yet to hold a synchronizer token). */
export const SIGN_IN_COOKIE = 'scalacast_admin_sign_in';
export const SIGN_IN_COOKIE_MAX_AGE_SECONDS = 60 * 60;

/** HTTPS as the browser sees it: the request itself, a TLS-terminating proxy's header, or the public base. */
export function isSecureRequest(c: Context, publicBaseUrl: string | undefined): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  if (c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https') return true;
  return publicBaseUrl?.startsWith('https:') ?? false;
}

export function readCookie(c: Context, name: string): string | undefined {
  return getCookie(c, name);
}

export function setAdminCookie(
  c: Context,
  name: string,
  value: string,
  options: { readonly maxAgeSeconds: number; readonly secure: boolean },
): void {
  setCookie(c, name, value, {
    path: ADMIN_BASE_PATH,
    httpOnly: true,
    sameSite: 'Strict',
    secure: options.secure,
    maxAge: options.maxAgeSeconds,
  });
}

export function clearAdminCookie(c: Context, name: string, secure: boolean): void {
  deleteCookie(c, name, { path: ADMIN_BASE_PATH, secure, httpOnly: true, sameSite: 'Strict' });
}
