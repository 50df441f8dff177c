/**
 * Playback tokens: `{keyId}.{expiresAtSeconds}.{mac}`, where mac is the base64url HMAC-SHA256, under the key
 * named by keyId, of the asset id, key id and expiry. A token opens one asset until it expires. Several keys
 * can be configured: the first signs, all verify, so a secret is rotated by adding a new key first and
 * removing the old one once its tokens have expired. Tokens are url-safe and go in the path, so the origin's
 * cache keys never see them.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../packager/ports.js';

export interface SigningKey {
  /** Short url-safe name carried in every token (`k2026a`). */
  readonly id: string;
  readonly secret: string;
}

export type TokenCheck = 'valid' | 'malformed' | 'unknown_key' | 'bad_signature' | 'expired';

export interface PlaybackTokens {
  /** A token for `assetId`, signed with the first key, valid for the configured lifetime from now. */
  sign(assetId: string): string;
  /** Checks a token against `assetId` in constant time (the MAC comparison does not leak where it differs). */
  verify(token: string, assetId: string): TokenCheck;
}

export interface PlaybackTokensOptions {
  /** At least one; the first signs. */
  readonly keys: readonly SigningKey[];
  readonly ttlSeconds: number;
  readonly clock: Clock;
}

const TOKEN_PATTERN = /^([A-Za-z0-9_-]{1,32})\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})$/;
const MAC_BYTES = 32;

/** The characters a token may contain, for path parsers that must recognise one. */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{1,32}\.[0-9]{1,12}\.[A-Za-z0-9_-]{43}$/;

export function createPlaybackTokens(options: PlaybackTokensOptions): PlaybackTokens {
  const [signingKey] = options.keys;
  if (!signingKey) throw new Error('createPlaybackTokens needs at least one key');
  const secrets = new Map(options.keys.map((key) => [key.id, key.secret]));

  const mac = (secret: string, assetId: string, keyId: string, expiresAtSeconds: string): Buffer =>
    createHmac('sha256', secret)
      .update(`scalacast-playback-v1\n${assetId}\n${keyId}\n${expiresAtSeconds}`)
      .digest();

  return {
    sign(assetId) {
      const expiresAtSeconds = String(Math.floor(options.clock.nowMs() / 1000) + options.ttlSeconds);
      const signature = mac(signingKey.secret, assetId, signingKey.id, expiresAtSeconds).toString(
        'base64url',
      );
      return `${signingKey.id}.${expiresAtSeconds}.${signature}`;
    },

    verify(token, assetId) {
      const match = TOKEN_PATTERN.exec(token);
      if (!match) return 'malformed';
      const [, keyId = '', expiresAtSeconds = '', signature = ''] = match;
      const secret = secrets.get(keyId);
      if (secret === undefined) return 'unknown_key';
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== MAC_BYTES) return 'malformed';
      if (!timingSafeEqual(given, mac(secret, assetId, keyId, expiresAtSeconds))) return 'bad_signature';
      return Number(expiresAtSeconds) * 1000 > options.clock.nowMs() ? 'valid' : 'expired';
    },
  };
}
