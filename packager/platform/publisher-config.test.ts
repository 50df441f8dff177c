import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('publisher API configuration', () => {
  it('has defaults that keep chunks below common proxy limits and a rate limit on', () => {
    const result = loadConfig({}, '/');
    expect(result.ok && result.config.publisherApi).toEqual({
      rateLimitPerMinute: 1200,
      rateLimitBurst: 120,
      uploadChunkBytes: 8 * 1024 * 1024,
      uploadExpiryMs: 86_400_000,
      urlIngestTimeoutMs: 600_000,
      outboundAllowCidrs: [],
      webhookTimeoutMs: 10_000,
      webhookMaxAttempts: 10,
      webhookBackoffMs: 10_000,
    });
  });

  it('reads the outbound allow-list and refuses a malformed one, naming the variable', () => {
    const good = loadConfig({ OUTBOUND_ALLOW_CIDRS: ' 127.0.0.1/32, 10.0.0.0/8 ,::1, fd00::/8' }, '/');
    expect(good.ok && good.config.publisherApi.outboundAllowCidrs).toEqual([
      '127.0.0.1/32',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
    ]);
    for (const bad of ['10.0.0.0/33', 'localhost', '10.0.0.0/8/1', '::1/129']) {
      const result = loadConfig({ OUTBOUND_ALLOW_CIDRS: bad, UPLOAD_CHUNK_BYTES: '10' }, '/');
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.problems.join('\n')).toMatch(/OUTBOUND_ALLOW_CIDRS/);
      expect(result.problems.join('\n')).toMatch(/UPLOAD_CHUNK_BYTES/);
    }
  });
});
