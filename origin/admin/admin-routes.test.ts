import { describe, expect, it } from 'vitest';
import { createAdminRoutes } from './admin-routes.js';
import { safeNextPath } from './require-session.js';
import { credentialsMatch, secretsEqual } from './secrets.js';

describe('the admin dashboard without ADMIN_PASSWORD', () => {
  it('answers every /admin path with a page saying how to turn it on, and nothing else', async () => {
    const app = createAdminRoutes(null);
    for (const path of [
      '/admin',
      '/admin/',
      '/admin/sign-in',
      '/admin/assets',
      '/admin/queues',
      '/admin/queues/api/queues',
    ]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      const body = await response.text();
      expect(body).toContain('ADMIN_PASSWORD');
      expect(body).not.toContain('<form');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
    const signIn = await app.request('/admin/sign-in', { method: 'POST', body: 'user=admin&password=x' });
    expect(signIn.status).toBe(404);
    expect(signIn.headers.get('set-cookie')).toBeNull();
  });
});

describe('sign-in helpers', () => {
  it('compares secrets exactly, whatever their lengths', () => {
    expect(secretsEqual('s3cret-token', 's3cret-token')).toBe(true);
    expect(secretsEqual('s3cret-token', 's3cret-toke')).toBe(false);
    expect(secretsEqual('s3cret-token', 's3cret-token ')).toBe(false);
    expect(secretsEqual('', '')).toBe(true);
    const expected = { user: 'admin', password: 'a-long-password' };
    expect(credentialsMatch(expected, { user: 'admin', password: 'a-long-password' })).toBe(true);
    expect(credentialsMatch(expected, { user: 'Admin', password: 'a-long-password' })).toBe(false);
    expect(credentialsMatch(expected, { user: 'admin', password: 'a-long-passwor' })).toBe(false);
  });

  it('follows next= only to a dashboard path', () => {
    expect(safeNextPath('/admin/assets?status=errored')).toBe('/admin/assets?status=errored');
    expect(safeNextPath('/admin')).toBe('/admin');
    for (const bad of [
      undefined,
      '',
      'https://evil.example/admin',
      '//evil.example',
      '/administrator',
      '/admin\\x',
      '/admin/sign-in',
    ]) {
      expect(safeNextPath(bad), String(bad)).toBe('/admin');
    }
  });
});
