import { AppError } from '../../packager/domain/errors.js';
import type { ApiKeyRecord, ApiKeyStore, Clock, NewApiKey } from '../../packager/ports.js';
import { KEY_TOUCH_INTERVAL_MS } from '../../packager/catalog/kysely-api-keys.js';

/** ApiKeyStore fake with the Kysely adapter's semantics (the contract suite runs against both). */
export function createMemoryApiKeys(clock: Clock = { nowMs: () => Date.now() }): ApiKeyStore {
  const keys = new Map<string, ApiKeyRecord>();
  return {
    createApiKey: async (key: NewApiKey) => {
      if (keys.has(key.id)) throw new AppError('internal', 'An API key with this id already exists.');
      const record: ApiKeyRecord = Object.freeze({
        ...key,
        scopes: Object.freeze([...key.scopes]),
        createdAtMs: clock.nowMs(),
        lastUsedAtMs: null,
        revokedAtMs: null,
      });
      keys.set(key.id, record);
      return record;
    },
    getApiKey: async (id: string) => keys.get(id) ?? null,
    listApiKeys: async () =>
      [...keys.values()].sort((a, b) => b.createdAtMs - a.createdAtMs || (a.id < b.id ? 1 : -1)),
    revokeApiKey: async (id: string) => {
      const key = keys.get(id);
      if (!key || key.revokedAtMs !== null) return false;
      keys.set(id, Object.freeze({ ...key, revokedAtMs: clock.nowMs() }));
      return true;
    },
    touchApiKey: async (id: string, atMs: number) => {
      const key = keys.get(id);
      if (!key || (key.lastUsedAtMs !== null && key.lastUsedAtMs >= atMs - KEY_TOUCH_INTERVAL_MS)) return;
      keys.set(id, Object.freeze({ ...key, lastUsedAtMs: atMs }));
    },
  };
}
