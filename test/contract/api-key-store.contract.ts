import { describe, expect, it } from 'vitest';
import { KEY_TOUCH_INTERVAL_MS } from '../../packager/catalog/kysely-api-keys.js';
import { START_MS, expectAppError } from './catalog-fixtures.js';
import type { PublisherHarness } from './publisher-stores-harness.js';

let counter = 0;
const keyId = () => `key${String((counter += 1)).padStart(9, '0')}`;

export function describeApiKeyStore(h: PublisherHarness): void {
  describe('ApiKeyStore', () => {
    it('stores a key with its scopes and hash and reads it back', async () => {
      const id = keyId();
      const created = await h.stores().apiKeys.createApiKey({
        id,
        name: 'CI',
        scopes: ['assets:read', 'assets:write'],
        hashHex: 'ab'.repeat(32),
      });
      expect(created).toEqual({
        id,
        name: 'CI',
        scopes: ['assets:read', 'assets:write'],
        hashHex: 'ab'.repeat(32),
        createdAtMs: START_MS,
        lastUsedAtMs: null,
        revokedAtMs: null,
      });
      expect(await h.stores().apiKeys.getApiKey(id)).toEqual(created);
      expect(await h.stores().apiKeys.getApiKey(keyId())).toBeNull();
    });

    it('refuses a duplicate id', async () => {
      const key = { id: keyId(), name: 'a', scopes: [], hashHex: '00' } as const;
      await h.stores().apiKeys.createApiKey(key);
      await expectAppError(h.stores().apiKeys.createApiKey(key), 'internal');
    });

    it('lists newest first, revoked keys included, and revokes once', async () => {
      const first = keyId();
      const second = keyId();
      await h.stores().apiKeys.createApiKey({ id: first, name: 'one', scopes: [], hashHex: '01' });
      h.clock().advance(1000);
      await h.stores().apiKeys.createApiKey({ id: second, name: 'two', scopes: [], hashHex: '02' });
      h.clock().advance(1000);
      expect(await h.stores().apiKeys.revokeApiKey(first)).toBe(true);
      expect(await h.stores().apiKeys.revokeApiKey(first)).toBe(false);
      expect(await h.stores().apiKeys.revokeApiKey(keyId())).toBe(false);
      const listed = await h.stores().apiKeys.listApiKeys();
      expect(listed.map((k) => k.id)).toEqual([second, first]);
      expect(listed[1]?.revokedAtMs).toBe(START_MS + 2000);
    });

    it('records a use at most once per interval', async () => {
      const id = keyId();
      await h.stores().apiKeys.createApiKey({ id, name: 'n', scopes: [], hashHex: '03' });
      await h.stores().apiKeys.touchApiKey(id, START_MS + 10);
      await h.stores().apiKeys.touchApiKey(id, START_MS + 20);
      expect((await h.stores().apiKeys.getApiKey(id))?.lastUsedAtMs).toBe(START_MS + 10);
      await h.stores().apiKeys.touchApiKey(id, START_MS + 20 + KEY_TOUCH_INTERVAL_MS);
      expect((await h.stores().apiKeys.getApiKey(id))?.lastUsedAtMs).toBe(
        START_MS + 20 + KEY_TOUCH_INTERVAL_MS,
      );
    });
  });
}
