/**
 * API keys of the publisher API. A key is shown once, at creation; ScalaCast stores only its SHA-256.
 *
 * Text of a key: `sck_<keyId>_<secret>`: `keyId` (12 base62 characters) is public and names the key in
 * listings, logs and the rate limiter; `secret` (43 base64url characters, 256 random bits) is what makes it
 * unguessable. Since the secret is high-entropy, a plain SHA-256 (no slow KDF) is the right hash: nobody can
 * brute-force 256 bits, and verification stays cheap on every request.
 */
export const API_SCOPES = ['assets:read', 'assets:write', 'keys:admin', 'webhooks:admin'] as const;

/** What a key may do. `assets:write` does not imply `assets:read`: give both for a read-write key. */
export type ApiScope = (typeof API_SCOPES)[number];

export const API_KEY_PREFIX = 'sck_';
export const API_KEY_ID_PATTERN = /^[A-Za-z0-9]{12}$/;
const API_KEY_PATTERN = /^sck_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function isApiScope(value: string): value is ApiScope {
  return (API_SCOPES as readonly string[]).includes(value);
}

/** The key id inside a key's text, or null when the text is not shaped like a ScalaCast key. */
export function apiKeyIdOf(keyText: string): string | null {
  return API_KEY_PATTERN.exec(keyText)?.[1] ?? null;
}

/** The whole text of a key from its parts. */
export function formatApiKey(keyId: string, secret: string): string {
  return `${API_KEY_PREFIX}${keyId}_${secret}`;
}
