import type { Kysely } from 'kysely';
import { isApiScope } from '../domain/api-keys.js';
import { AppError } from '../domain/errors.js';
import type { ApiKeyRecord, ApiKeyStore, Clock, NewApiKey } from '../ports.js';
import { guardDatabase, sqlStateOf } from './guard-database.js';
import type { ApiKeyRow } from './publisher-schema.js';
import type { Database } from './schema.js';

/** A use is recorded at most once per this interval, so authenticating is not a write per request. */
export const KEY_TOUCH_INTERVAL_MS = 60_000;

export function createKyselyApiKeys(deps: {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
}): ApiKeyStore {
  const { db, clock } = deps;
  return {
    createApiKey: (key: NewApiKey) =>
      guardDatabase('creating an API key', async () => {
        try {
          const row = await db
            .insertInto('api_keys')
            .values({
              id: key.id,
              name: key.name,
              scopes: JSON.stringify(key.scopes),
              hash_hex: key.hashHex,
              created_at: new Date(clock.nowMs()),
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          return toApiKeyRecord(row);
        } catch (error) {
          if (sqlStateOf(error) !== '23505') throw error;
          throw new AppError('internal', 'An API key with this id already exists.', { cause: error });
        }
      }),

    getApiKey: (id: string) =>
      guardDatabase('reading an API key', async () => {
        const row = await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
        return row ? toApiKeyRecord(row) : null;
      }),

    listApiKeys: () =>
      guardDatabase('listing API keys', async () => {
        const rows = await db
          .selectFrom('api_keys')
          .selectAll()
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .execute();
        return rows.map(toApiKeyRecord);
      }),

    revokeApiKey: (id: string) =>
      guardDatabase('revoking an API key', async () => {
        const result = await db
          .updateTable('api_keys')
          .set({ revoked_at: new Date(clock.nowMs()) })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        return result.numUpdatedRows > 0n;
      }),

    touchApiKey: (id: string, atMs: number) =>
      guardDatabase('recording an API key use', async () => {
        await db
          .updateTable('api_keys')
          .set({ last_used_at: new Date(atMs) })
          .where('id', '=', id)
          .where((eb) =>
            eb.or([
              eb('last_used_at', 'is', null),
              eb('last_used_at', '<', new Date(atMs - KEY_TOUCH_INTERVAL_MS)),
            ]),
          )
          .execute();
      }),
  };
}

function toApiKeyRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes.filter(isApiScope),
    hashHex: row.hash_hex,
    createdAtMs: row.created_at.getTime(),
    lastUsedAtMs: row.last_used_at?.getTime() ?? null,
    revokedAtMs: row.revoked_at?.getTime() ?? null,
  };
}
