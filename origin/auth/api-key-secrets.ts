/** Making and checking key texts. Only hashes are stored; the key text exists once, in the answer. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { formatApiKey } from '../../packager/domain/api-keys.js';
import { randomBase62 } from '../../packager/platform/random-ids.js';

export interface GeneratedApiKey {
  readonly id: string;
  /** The whole key, shown to its creator once. */
  readonly text: string;
  readonly hashHex: string;
}

export function generateApiKey(): GeneratedApiKey {
  const id = randomBase62(12);
  const text = formatApiKey(id, randomBytes(32).toString('base64url'));
  return { id, text, hashHex: sha256Hex(text) };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Compares two hex digests in constant time (equal length by construction: both SHA-256). */
export function sameDigest(aHex: string, bHex: string): boolean {
  const a = Buffer.from(aHex, 'hex');
  const b = Buffer.from(bHex, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/** A webhook endpoint's signing secret: `whsec_` and 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
