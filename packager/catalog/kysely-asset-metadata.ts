import type { Kysely } from 'kysely';
import type { AssetMetadataPatch, AssetMetadataStore, Clock } from '../ports.js';
import { toAssetRecord } from './asset-row.js';
import { guardDatabase } from './guard-database.js';
import type { AssetRowUpdate, Database } from './schema.js';

/** The publisher-editable fields of an asset (title, external id, passthrough), one statement per patch. */
export function createKyselyAssetMetadata(deps: {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
}): AssetMetadataStore {
  const { db, clock } = deps;
  return {
    updateAssetMetadata: (id: string, patch: AssetMetadataPatch) =>
      guardDatabase('updating asset metadata', async () => {
        const changes: AssetRowUpdate = { updated_at: new Date(clock.nowMs()) };
        if (patch.title !== undefined) changes.title = patch.title;
        if (patch.externalId !== undefined) changes.external_id = patch.externalId;
        if (patch.passthrough !== undefined) {
          changes.passthrough = patch.passthrough === null ? null : JSON.stringify(patch.passthrough);
        }
        const row = await db
          .updateTable('assets')
          .set(changes)
          .where('id', '=', id)
          .where('deleted_at', 'is', null)
          .returningAll()
          .executeTakeFirst();
        return row ? toAssetRecord(row) : null;
      }),
  };
}
