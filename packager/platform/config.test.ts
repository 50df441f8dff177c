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

describe('loadConfig: origin delivery settings', () => {
  const secret = 's'.repeat(32);

  it('has working defaults: one process, bounded caches, no signing keys', () => {
    const result = loadConfig({}, '/');
    expect(result.ok && result.config.delivery).toMatchObject({
      originWorkers: 1,
      cacheMemoryMaxBytes: 256 * 1024 ** 2,
      redisCacheMaxObjectBytes: 4 * 1024 ** 2,
      assetCacheTtlMs: 1000,
      storageTimeoutMs: 5000,
      httpKeepAliveTimeoutMs: 65_000,
      playbackSigningKeys: [],
    });
  });

  it('reads signing keys in order (the first signs) and the other settings', () => {
    const result = loadConfig(
      {
        PLAYBACK_SIGNING_KEYS: `k2026:${secret}, k2025:${'t'.repeat(40)}`,
        PLAYBACK_TOKEN_TTL_SECONDS: '600',
        ORIGIN_WORKERS: '2',
        CACHE_MEMORY_MAX_BYTES: String(64 * 1024 ** 2),
      },
      '/',
    );
    expect(result.ok && result.config.delivery).toMatchObject({
      playbackSigningKeys: [
        { id: 'k2026', secret },
        { id: 'k2025', secret: 't'.repeat(40) },
      ],
      playbackTokenTtlSeconds: 600,
      originWorkers: 2,
      cacheMemoryMaxBytes: 64 * 1024 ** 2,
    });
  });

  it('reports bad keys with every other problem, never quoting a secret', () => {
    const result = loadConfig(
      {
        PLAYBACK_SIGNING_KEYS: `ok:${secret},short:tooshort,:${secret},ok:${secret}`,
        ORIGIN_WORKERS: 'many',
      },
      '/',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.problems.join('\n');
    expect(text).toContain('ORIGIN_WORKERS');
    expect(text).toContain('key 2 (short)');
    expect(text).toContain('key 3');
    expect(text).toContain('repeats the id ok');
    expect(text).not.toContain('tooshort');
    expect(text).not.toContain(secret);
  });
});
