/**
 * Who gets into /admin, on a real all-in-one process: nothing under /admin (bull-board included) answers
 * without a session; every action needs the session's CSRF token; sign-in needs its form token; signing
 * out ends the session; repeated wrong passwords lock the client out.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClip } from '../fixtures/generate-media.js';
import { startScalacast, type ScalacastProcess } from '../setup/scalacast-process.js';
import {
  ADMIN_PASSWORD,
  ADMIN_USER,
  openSignInForm,
  postAction,
  postSignIn,
  signIn,
  uploadThroughDashboard,
  type AdminSessionHttp,
} from './admin-http.js';

let dataDir: string;
let server: ScalacastProcess;
let session: AdminSessionHttp;
let assetId: string;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-admin-access-'));
  server = await startScalacast('all-in-one', {
    DATA_DIR: dataDir,
    ADMIN_USER,
    ADMIN_PASSWORD,
  });
  session = await signIn(server.url);
  const clip = await generateClip({ durationS: 2, width: 320, height: 240, fps: 25, audio: true });
  assetId = await uploadThroughDashboard(server.url, session, clip, 'Access test clip');
});

afterAll(async () => {
  await server?.stop('SIGTERM');
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('the admin dashboard without a session', () => {
  const protectedGets = () => [
    '/admin',
    '/admin/',
    '/admin/assets',
    '/admin/assets?q=clip&status=ready',
    `/admin/assets/${assetId}`,
    '/admin/fragments/overview',
    '/admin/fragments/assets',
    `/admin/fragments/assets/${assetId}`,
    '/admin/no-such-page',
    '/admin/queues',
    '/admin/queues/',
    '/admin/queues/queue/packaging',
    '/admin/queues/api/queues',
    '/admin/queues/api/redis/stats',
    `/admin/queues/api/queues/packaging/${assetId}.r1`,
    '/admin/queues/static/images/logo.svg',
  ];
  const protectedPosts = () => [
    `/admin/assets/${assetId}/delete`,
    `/admin/assets/${assetId}/retry`,
    '/admin/assets/upload',
    '/admin/sign-out',
    '/admin/queues/api/queues/packaging/retry/failed',
  ];

  it('sends a browser asking for any page to sign in, and answers 401 to anything else', async () => {
    for (const target of protectedGets()) {
      for (const accept of ['text/html,application/xhtml+xml', 'application/json', '*/*']) {
        const response = await fetch(`${server.url}${target}`, { redirect: 'manual', headers: { accept } });
        const body = await response.text();
        if (accept.startsWith('text/html')) {
          expect(response.status, `${target} as a page`).toBe(303);
          expect(response.headers.get('location')).toBe(`/admin/sign-in?next=${encodeURIComponent(target)}`);
        } else {
          expect(response.status, `${target} (${accept})`).toBe(401);
          expect(JSON.parse(body)).toMatchObject({ code: 'unauthorized' });
        }
        expect(body).not.toContain(assetId);
        expect(body).not.toContain('Access test clip');
        expect(response.headers.get('cache-control')).toBe('no-store');
      }
    }
  });

  it('refuses every action, a forged session cookie and an ended one', async () => {
    for (const target of protectedPosts()) {
      const response = await postAction(server.url, '', target, { confirmed: '1' });
      expect(response.status, target).toBe(401);
      const forged = await postAction(server.url, `scalacast_admin=${'A'.repeat(43)}`, target, {
        confirmed: '1',
        _csrf: session.csrfToken,
      });
      expect(forged.status, `${target} with a made-up cookie`).toBe(401);
    }
    const ended = await signIn(server.url);
    const signOut = await postAction(server.url, ended.cookie, '/admin/sign-out', { _csrf: ended.csrfToken });
    expect(signOut.status).toBe(303);
    expect(signOut.headers.get('location')).toBe('/admin/sign-in?signed-out=1');
    const after = await fetch(`${server.url}/admin/fragments/overview`, {
      headers: { cookie: ended.cookie },
    });
    expect(after.status).toBe(401);
    // The session that is still live was not affected.
    const live = await fetch(`${server.url}/admin/fragments/overview`, {
      headers: { cookie: session.cookie },
    });
    expect(live.status).toBe(200);
  });

  it('serves only the sign-in page and the static stylesheet and script without a session', async () => {
    const signInPage = await fetch(`${server.url}/admin/sign-in`);
    expect(signInPage.status).toBe(200);
    const cookie = signInPage.headers.getSetCookie().join('\n');
    expect(cookie).toMatch(
      /scalacast_admin_sign_in=[^;]+; Max-Age=3600; Path=\/admin; HttpOnly; SameSite=Strict/,
    );
    const html = await signInPage.text();
    for (const asset of html.match(/\/admin\/static\/admin\.(css|js)\?v=[\w-]+/g) ?? []) {
      const response = await fetch(`${server.url}${asset}`);
      expect(response.status).toBe(200);
      expect(await response.text()).not.toContain(assetId);
    }
    expect(html.match(/\/admin\/static\//g)).toHaveLength(2);
  });
});

describe('actions with a session', () => {
  it('refuses a forged action without the CSRF token, or with a wrong one, and changes nothing', async () => {
    const target = `/admin/assets/${assetId}/delete`;
    const forged: Record<string, string>[] = [
      { confirmed: '1' },
      { confirmed: '1', _csrf: 'x'.repeat(43) },
      { _csrf: '' },
    ];
    for (const fields of forged) {
      const response = await postAction(server.url, session.cookie, target, fields);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('did not come from a dashboard page');
    }
    const forgedHeader = await fetch(`${server.url}${target}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: session.cookie, 'x-csrf-token': 'not-the-token', 'content-type': 'text/plain' },
      body: 'confirmed=1',
    });
    expect(forgedHeader.status).toBe(403);
    const upload = await fetch(`${server.url}/admin/assets/upload`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'content-type': 'video/mp4' },
      body: 'not a video',
    });
    expect(upload.status).toBe(403);
    const page = await fetch(`${server.url}/admin/assets/${assetId}`, {
      headers: { cookie: session.cookie },
    });
    expect(page.status).toBe(200);
  });

  it('asks for confirmation before acting, then acts with the token', async () => {
    const target = `/admin/assets/${assetId}/delete`;
    const unconfirmed = await postAction(server.url, session.cookie, target, { _csrf: session.csrfToken });
    expect(unconfirmed.status).toBe(200);
    expect(await unconfirmed.text()).toContain('Delete this asset?');
    expect(
      (await fetch(`${server.url}/admin/assets/${assetId}`, { headers: { cookie: session.cookie } })).status,
    ).toBe(200);
    const confirmed = await postAction(server.url, session.cookie, target, {
      _csrf: session.csrfToken,
      confirmed: '1',
    });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe('/admin/assets?notice=deleted');
    const gone = await fetch(`${server.url}/admin/assets/${assetId}`, {
      headers: { cookie: session.cookie, accept: 'text/html' },
    });
    expect(gone.status).toBe(404);
  });
});

describe('sign-in', () => {
  it('refuses a sign-in without its form token', async () => {
    const { cookie, formToken } = await openSignInForm(server.url);
    const credentials = { user: ADMIN_USER, password: ADMIN_PASSWORD, next: '/admin' };
    expect((await postSignIn(server.url, credentials, cookie)).status).toBe(403);
    expect((await postSignIn(server.url, { ...credentials, _csrf: formToken }, null)).status).toBe(403);
    const accepted = await postSignIn(server.url, { ...credentials, _csrf: formToken }, cookie);
    expect(accepted.status).toBe(303);
    expect(accepted.headers.getSetCookie().join('\n')).toMatch(
      /scalacast_admin=[\w-]{43}; Max-Age=28800; Path=\/admin; HttpOnly; SameSite=Strict/,
    );
  });

  it('only follows a next= path inside the dashboard', async () => {
    for (const [next, expected] of [
      ['/admin/assets?status=errored', '/admin/assets?status=errored'],
      ['https://evil.example/admin', '/admin'],
      ['//evil.example/admin', '/admin'],
      ['/administrator', '/admin'],
    ]) {
      const { cookie, formToken } = await openSignInForm(server.url);
      const response = await postSignIn(
        server.url,
        { _csrf: formToken, user: ADMIN_USER, password: ADMIN_PASSWORD, next: next ?? '' },
        cookie,
      );
      expect(response.headers.get('location'), next).toBe(expected);
    }
  });

  it('locks a client out after ten wrong passwords (run last: it locks this test client out)', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt += 1) {
      const { cookie, formToken } = await openSignInForm(server.url);
      const response = await postSignIn(
        server.url,
        { _csrf: formToken, user: ADMIN_USER, password: 'wrong-password-guess', next: '/admin' },
        cookie,
      );
      statuses.push(response.status);
      if (attempt === 0) expect(await response.text()).toContain('do not match');
    }
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
    const { cookie, formToken } = await openSignInForm(server.url);
    const right = await postSignIn(
      server.url,
      { _csrf: formToken, user: ADMIN_USER, password: ADMIN_PASSWORD, next: '/admin' },
      cookie,
    );
    expect(right.status).toBe(429);
  });
});
