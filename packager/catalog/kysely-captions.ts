import type { Kysely } from 'kysely';
import { AppError } from '../domain/errors.js';
import type { CaptionRecord, CaptionStore } from '../ports.js';
import { guardDatabase, sqlStateOf } from './guard-database.js';
import type { AssetCaptionRow } from './publisher-schema.js';
import type { Database } from './schema.js';

/** Caption tracks per asset and language; the WebVTT text itself is an object in the store. */
export function createKyselyCaptions(deps: { readonly db: Kysely<Database> }): CaptionStore {
  const { db } = deps;
  return {
    putCaption: (caption: CaptionRecord) =>
      guardDatabase('storing a caption', async () => {
        try {
          return await db.transaction().execute(async (trx) => {
            const previous = await trx
              .selectFrom('asset_captions')
              .selectAll()
              .where('asset_id', '=', caption.assetId)
              .where('language', '=', caption.language)
              .forUpdate()
              .executeTakeFirst();
            const values = {
              name: caption.name,
              version: caption.version,
              size_bytes: caption.sizeBytes,
              created_at: new Date(caption.createdAtMs),
            };
            await trx
              .insertInto('asset_captions')
              .values({ asset_id: caption.assetId, language: caption.language, ...values })
              .onConflict((oc) => oc.columns(['asset_id', 'language']).doUpdateSet(values))
              .execute();
            return previous ? toCaptionRecord(previous) : null;
          });
        } catch (error) {
          if (sqlStateOf(error) !== '23503') throw error;
          throw new AppError('asset_not_found', 'No asset has this id.', { cause: error });
        }
      }),

    listCaptions: (assetId: string) =>
      guardDatabase('listing captions', async () => {
        const rows = await db
          .selectFrom('asset_captions')
          .selectAll()
          .where('asset_id', '=', assetId)
          .orderBy('language')
          .execute();
        return rows.map(toCaptionRecord);
      }),

    deleteCaption: (assetId: string, language: string) =>
      guardDatabase('deleting a caption', async () => {
        const row = await db
          .deleteFrom('asset_captions')
          .where('asset_id', '=', assetId)
          .where('language', '=', language)
          .returningAll()
          .executeTakeFirst();
        return row ? toCaptionRecord(row) : null;
      }),
  };
}

function toCaptionRecord(row: AssetCaptionRow): CaptionRecord {
  return {
    assetId: row.asset_id,
    language: row.language,
    name: row.name,
    version: row.version,
    sizeBytes: row.size_bytes,
    createdAtMs: row.created_at.getTime(),
  };
}
