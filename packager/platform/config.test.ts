import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives embedded defaults for an empty environment', () => {
    const result = loadConfig({}, '/srv/scalacast');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/srv/scalacast/data',
      tmpDir: '/srv/scalacast/data/tmp',
      databaseUrl: undefined,
      redisUrl: undefined,
      s3: undefined,
      segmentDurationMs: 2000,
    });
    expect(Object.isFrozen(result.config)).toBe(true);
  });

  it('reports every bad variable at once', () => {
    const result = loadConfig(
      { PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: 'not a url', S3_ENDPOINT: 'http://minio:9000' },
      '/',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'S3_ACCESS_KEY', 'S3_SECRET_KEY']) {
      expect(text).toContain(name);
    }
  });

  it('treats blank variables as unset and trims a trailing slash from PUBLIC_BASE_URL', () => {
    const result = loadConfig({ DATABASE_URL: '  ', PUBLIC_BASE_URL: 'https://video.example.com/' }, '/');
    expect(result.ok && result.config.databaseUrl).toBeUndefined();
    expect(result.ok && result.config.publicBaseUrl).toBe('https://video.example.com');
  });

  it('takes S3 settings as a group', () => {
    const result = loadConfig(
      { S3_ENDPOINT: 'http://127.0.0.1:9000', S3_ACCESS_KEY: 'a', S3_SECRET_KEY: 'b', S3_BUCKET: 'media' },
      '/',
    );
    expect(result.ok && result.config.s3).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      accessKey: 'a',
      secretKey: 'b',
      bucket: 'media',
      region: 'us-east-1',
    });
  });

  it('refuses a short bootstrap key (it grants every scope)', () => {
    const result = loadConfig({ SCALACAST_BOOTSTRAP_KEY: 'short' }, '/');
    expect(result.ok).toBe(false);
  });
});
