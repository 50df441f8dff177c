import { describe, expect, it } from 'vitest';
import { createPlaybackTokens, TOKEN_SHAPE } from './playback-token.js';

const A = 'asset000000000000001';
const B = 'asset000000000000002';
const OLD = { id: 'k2025', secret: 'o'.repeat(40) };
const NEW = { id: 'k2026', secret: 'n'.repeat(40) };

function tokens(keys = [NEW, OLD], nowMs = 1_800_000_000_000) {
  const clock = { nowMs: () => nowMs };
  return {
    tokens: createPlaybackTokens({ keys, ttlSeconds: 3600, clock }),
    advance: (ms: number) => (nowMs += ms),
  };
}

describe('playback tokens', () => {
  it('signs with the first key a url-safe token for one asset that verifies until it expires', () => {
    const { tokens: t, advance } = tokens();
    const token = t.sign(A);
    expect(token).toMatch(TOKEN_SHAPE);
    expect(token.startsWith('k2026.1800003600.')).toBe(true);
    expect(encodeURIComponent(token)).toBe(token);
    expect(t.verify(token, A)).toBe('valid');
    expect(t.verify(token, B)).toBe('bad_signature');
    advance(3_599_999);
    expect(t.verify(token, A)).toBe('valid');
    advance(1);
    expect(t.verify(token, A)).toBe('expired');
  });

  it('refuses any change to the token', () => {
    const { tokens: t } = tokens();
    const token = t.sign(A);
    const [keyId, expiry, mac = ''] = token.split('.');
    const flipped = `${mac.slice(0, 10)}${mac[10] === 'A' ? 'B' : 'A'}${mac.slice(11)}`;
    expect(t.verify(`${keyId}.${expiry}.${flipped}`, A)).toBe('bad_signature');
    expect(t.verify(`${keyId}.${Number(expiry) + 86_400}.${mac}`, A)).toBe('bad_signature');
    expect(t.verify(`k2025.${expiry}.${mac}`, A)).toBe('bad_signature');
    expect(t.verify(`nokey.${expiry}.${mac}`, A)).toBe('unknown_key');
    for (const broken of [
      '',
      'abc',
      `${keyId}.${expiry}`,
      `${keyId}.x.${mac}`,
      `${token}x`,
      `${keyId}.${expiry}.${mac.slice(1)}`,
    ]) {
      expect(t.verify(broken, A), broken).toBe('malformed');
    }
  });

  it('keeps verifying tokens of an older key during a rotation, and not once it is removed', () => {
    const before = tokens([OLD]).tokens.sign(A);
    expect(tokens([NEW, OLD]).tokens.verify(before, A)).toBe('valid');
    expect(tokens([NEW]).tokens.verify(before, A)).toBe('unknown_key');
    expect(tokens([{ id: 'k2025', secret: 'x'.repeat(40) }]).tokens.verify(before, A)).toBe('bad_signature');
  });
});
