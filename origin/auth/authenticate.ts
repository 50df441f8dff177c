/**
 * `Authorization: Bearer <key>` to a Principal. The key text names its key id; the stored SHA-256 of that
 * key is compared with the presented key's in constant time. SCALACAST_BOOTSTRAP_KEY, when configured, is
 * accepted with every scope. Missing, malformed, unknown and revoked keys all fail the same way
 * (`unauthorized`), so an answer never tells which keys exist.
 */
import { API_SCOPES, apiKeyIdOf } from '../../packager/domain/api-keys.js';
import { AppError } from '../../packager/domain/errors.js';
import type { ApiKeyStore, Clock, Logger } from '../../packager/ports.js';
import type { Principal } from './api-env.js';
import { sameDigest, sha256Hex } from './api-key-secrets.js';

export interface AuthenticatorDeps {
  readonly apiKeys: ApiKeyStore;
  readonly bootstrapKey: string | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
}

export type Authenticate = (authorization: string | undefined) => Promise<Principal>;

export const BOOTSTRAP_KEY_ID = 'bootstrap';
const ALL_SCOPES: ReadonlySet<(typeof API_SCOPES)[number]> = new Set(API_SCOPES);

export function createAuthenticator(deps: AuthenticatorDeps): Authenticate {
  const bootstrapHash = deps.bootstrapKey === undefined ? null : sha256Hex(deps.bootstrapKey);
  return async (authorization) => {
    const token = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '')?.[1];
    if (token === undefined) {
      throw new AppError('unauthorized', 'Send an API key: Authorization: Bearer <key>.', {
        details: { reason: 'missing' },
      });
    }
    const presented = sha256Hex(token);
    if (bootstrapHash !== null && sameDigest(presented, bootstrapHash)) {
      return { keyId: BOOTSTRAP_KEY_ID, scopes: ALL_SCOPES };
    }
    const keyId = apiKeyIdOf(token);
    const key = keyId === null ? null : await deps.apiKeys.getApiKey(keyId);
    if (key === null || key.revokedAtMs !== null || !sameDigest(presented, key.hashHex)) {
      throw new AppError('unauthorized', 'This API key is not valid (unknown or revoked).', {
        details: { reason: 'invalid' },
      });
    }
    const nowMs = deps.clock.nowMs();
    // Best effort: a failed "last used" write must not fail the request it describes.
    deps.apiKeys
      .touchApiKey(key.id, nowMs)
      .catch((error: unknown) =>
        deps.logger.warn({ err: error, keyId: key.id }, 'recording a key use failed'),
      );
    return { keyId: key.id, scopes: new Set(key.scopes) };
  };
}
