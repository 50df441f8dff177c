import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('admin dashboard configuration', () => {
  it('is off without a password, with no default secret', () => {
    const result = loadConfig({}, '/');
    expect(result.ok && result.config.admin).toEqual({
      user: 'admin',
      password: undefined,
      sessionTtlMs: 8 * 3600_000,
    });
  });

  it('takes a user, a password and a session lifetime', () => {
    const result = loadConfig(
      {
        ADMIN_USER: 'ops@example.com',
        ADMIN_PASSWORD: 'correct horse battery',
        ADMIN_SESSION_TTL_MINUTES: '30',
      },
      '/',
    );
    expect(result.ok && result.config.admin).toEqual({
      user: 'ops@example.com',
      password: 'correct horse battery',
      sessionTtlMs: 30 * 60_000,
    });
  });

  it('reports a short password, an odd user name and a lifetime out of range together', () => {
    const result = loadConfig(
      { ADMIN_USER: 'has space', ADMIN_PASSWORD: 'short', ADMIN_SESSION_TTL_MINUTES: '1' },
      '/',
    );
    expect(result.ok).toBe(false);
    const text = result.ok ? '' : result.problems.join('\n');
    for (const name of ['ADMIN_USER', 'ADMIN_PASSWORD', 'ADMIN_SESSION_TTL_MINUTES'])
      expect(text).toContain(name);
    expect(text).not.toContain('short');
  });
});
