import { describe, expect, it } from 'vitest';
import type { PlaybackPolicy } from '../../packager/domain/asset.js';
import { checkPlaybackAccess, normalizeAllowedOrigin, type AccessRequest } from './playback-access.js';
import { createPlaybackTokens } from './playback-token.js';

const ID = 'asset000000000000001';
const tokens = createPlaybackTokens({
  keys: [{ id: 'k1', secret: 's'.repeat(40) }],
  ttlSeconds: 60,
  clock: { nowMs: () => 1_800_000_000_000 },
});

function request(token: string | null, headers: Record<string, string> = {}): AccessRequest {
  return { assetId: ID, token, header: (name) => headers[name] };
}

const reasonOf = (policy: PlaybackPolicy, req: AccessRequest) =>
  checkPlaybackAccess(policy, req, tokens)?.details['reason'] ?? 'allowed';

describe('checkPlaybackAccess', () => {
  const signed = { signed: true, allowedOrigins: [] };
  const embedOnly = { signed: false, allowedOrigins: ['https://site.example'] };

  it('lets anyone play an open asset, token or not', () => {
    const open = { signed: false, allowedOrigins: [] };
    expect(reasonOf(open, request(null))).toBe('allowed');
    expect(reasonOf(open, request('garbage'))).toBe('allowed');
  });

  it('asks a signed asset for a valid token of its own', () => {
    expect(reasonOf(signed, request(null))).toBe('token_missing');
    expect(reasonOf(signed, request('k1.1.AAAA'))).toBe('token_invalid');
    expect(reasonOf(signed, request(tokens.sign('asset000000000000002')))).toBe('token_invalid');
    expect(reasonOf(signed, request(tokens.sign(ID)))).toBe('allowed');
    const refusal = checkPlaybackAccess(signed, request(null), tokens);
    expect(refusal).toMatchObject({ code: 'forbidden' });
    expect(checkPlaybackAccess(signed, request(tokens.sign(ID)), null)).toMatchObject({ code: 'forbidden' });
  });

  it('says when a token has expired', () => {
    const stale = createPlaybackTokens({
      keys: [{ id: 'k1', secret: 's'.repeat(40) }],
      ttlSeconds: 60,
      clock: { nowMs: () => 1_700_000_000_000 },
    }).sign(ID);
    expect(reasonOf(signed, request(stale))).toBe('token_expired');
  });

  it('lets pages of allowed origins and of the origin itself play, by Origin or else Referer', () => {
    expect(reasonOf(embedOnly, request(null, { origin: 'https://site.example' }))).toBe('allowed');
    expect(reasonOf(embedOnly, request(null, { referer: 'https://site.example/watch?v=1' }))).toBe('allowed');
    expect(
      reasonOf(embedOnly, request(null, { origin: 'https://video.example', host: 'video.example' })),
    ).toBe('allowed');
    expect(
      reasonOf(
        embedOnly,
        request(null, { origin: 'https://evil.example', referer: 'https://site.example/' }),
      ),
    ).toBe('origin_not_allowed');
    expect(reasonOf(embedOnly, request(null, { origin: 'https://site.example.evil.example' }))).toBe(
      'origin_not_allowed',
    );
    expect(reasonOf(embedOnly, request(null, { origin: 'null' }))).toBe('origin_not_allowed');
    expect(reasonOf(embedOnly, request(null))).toBe('origin_not_allowed');
  });

  it('checks both rules of a signed, embed-only asset', () => {
    const both = { signed: true, allowedOrigins: ['https://site.example'] };
    expect(reasonOf(both, request(tokens.sign(ID), { origin: 'https://site.example' }))).toBe('allowed');
    expect(reasonOf(both, request(tokens.sign(ID), { origin: 'https://evil.example' }))).toBe(
      'origin_not_allowed',
    );
    expect(reasonOf(both, request(null, { origin: 'https://site.example' }))).toBe('token_missing');
  });
});

describe('normalizeAllowedOrigin', () => {
  it.each([
    ['https://Site.Example', 'https://site.example'],
    ['https://site.example/', 'https://site.example'],
    ['https://site.example:443', 'https://site.example'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['https://site.example/page', null],
    ['https://site.example?x=1', null],
    ['ftp://site.example', null],
    ['site.example', null],
    ['https://user@site.example', null],
  ])('%s -> %s', (value, expected) => {
    expect(normalizeAllowedOrigin(value)).toBe(expected);
  });
});
