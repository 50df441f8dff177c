/**
 * The admin dashboard over plain HTTP, as a browser would speak to it but without one: sign in through the
 * form (double-submit token and all), keep the session cookie, read the page's CSRF token.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';

export const ADMIN_USER = 'operator';
export const ADMIN_PASSWORD = 'a-long-test-password-123';

export interface AdminSessionHttp {
  /** `scalacast_admin=…`, for a Cookie header. */
  readonly cookie: string;
  readonly csrfToken: string;
}

/** `name=value` of a Set-Cookie header of the response, or null. */
export function cookieFrom(response: Response, name: string): string | null {
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(';')[0] ?? '';
    if (pair.startsWith(`${name}=`) && pair.length > name.length + 1) return pair;
  }
  return null;
}

export async function openSignInForm(baseUrl: string): Promise<{ cookie: string; formToken: string }> {
  const response = await fetch(`${baseUrl}/admin/sign-in`);
  const html = await response.text();
  const formToken = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const cookie = cookieFrom(response, 'scalacast_admin_sign_in');
  if (!formToken || !cookie) throw new Error('the sign-in form has no token');
  return { cookie, formToken };
}

export async function postSignIn(
  baseUrl: string,
  form: Record<string, string>,
  cookie: string | null,
): Promise<Response> {
  return fetch(`${baseUrl}/admin/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html',
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
}

export async function signIn(baseUrl: string): Promise<AdminSessionHttp> {
  const { cookie: formCookie, formToken } = await openSignInForm(baseUrl);
  const response = await postSignIn(
    baseUrl,
    { _csrf: formToken, user: ADMIN_USER, password: ADMIN_PASSWORD, next: '/admin' },
    formCookie,
  );
  const cookie = cookieFrom(response, 'scalacast_admin');
  if (response.status !== 303 || !cookie) throw new Error(`sign-in answered ${response.status}`);
  const page = await (await fetch(`${baseUrl}/admin`, { headers: { cookie } })).text();
  const csrfToken = /<meta name="csrf-token" content="([^"]+)"/.exec(page)?.[1];
  if (!csrfToken) throw new Error('the dashboard page carries no CSRF token');
  return { cookie, csrfToken };
}

/** Uploads a file the way the dashboard's script does (raw body, token in a header). */
export async function uploadThroughDashboard(
  baseUrl: string,
  session: AdminSessionHttp,
  filePath: string,
  title: string,
): Promise<string> {
  const response = await fetch(`${baseUrl}/admin/assets/upload?title=${encodeURIComponent(title)}`, {
    method: 'POST',
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      'content-type': 'video/mp4',
      'content-length': String(fs.statSync(filePath).size),
    },
    body: Readable.toWeb(fs.createReadStream(filePath)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  if (response.status !== 201)
    throw new Error(`upload answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** Posts an action form; `token` undefined sends none. */
export async function postAction(
  baseUrl: string,
  cookie: string,
  path: string,
  fields: Record<string, string>,
): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: new URLSearchParams(fields).toString(),
  });
}
