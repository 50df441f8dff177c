import { sql, type Kysely } from 'kysely';
import type { Clock, NewUpload, UploadPart, UploadRecord, UploadStore } from '../ports.js';
import { guardDatabase } from './guard-database.js';
import type { UploadRow } from './publisher-schema.js';
import type { Database } from './schema.js';

/**
 * Resumable-upload bookkeeping. The offset only moves through appendPart's conditional update, in the same
 * transaction as the part record, so two requests racing at one offset cannot both be acknowledged.
 */
export function createKyselyUploads(deps: {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
}): UploadStore {
  const { db, clock } = deps;
  const now = () => new Date(clock.nowMs());
  return {
    createUpload: (upload: NewUpload) =>
      guardDatabase('creating an upload', async () => {
        const row = await db
          .insertInto('uploads')
          .values({
            id: upload.id,
            key_id: upload.keyId,
            length_bytes: upload.lengthBytes,
            offset_bytes: 0,
            metadata: JSON.stringify(upload.metadata),
            asset_id: null,
            created_at: new Date(upload.createdAtMs),
            updated_at: new Date(upload.createdAtMs),
            expires_at: new Date(upload.expiresAtMs),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toUploadRecord(row);
      }),

    getUpload: (id: string) =>
      guardDatabase('reading an upload', async () => {
        const row = await db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();
        return row ? toUploadRecord(row) : null;
      }),

    appendPart: (id: string, part: UploadPart, expiresAtMs: number) =>
      guardDatabase('recording an upload part', () =>
        db.transaction().execute(async (trx) => {
          const row = await trx
            .updateTable('uploads')
            .set({
              offset_bytes: sql<number>`offset_bytes + ${part.sizeBytes}`,
              updated_at: now(),
              expires_at: new Date(expiresAtMs),
            })
            .where('id', '=', id)
            .where('offset_bytes', '=', part.offsetBytes)
            .where('asset_id', 'is', null)
            .where(sql<boolean>`offset_bytes + ${part.sizeBytes} <= length_bytes`)
            .returningAll()
            .executeTakeFirst();
          if (!row) return null;
          await trx
            .insertInto('upload_parts')
            .values({
              upload_id: id,
              offset_bytes: part.offsetBytes,
              size_bytes: part.sizeBytes,
              object_key: part.objectKey,
            })
            .execute();
          return toUploadRecord(row);
        }),
      ),

    listParts: (id: string) =>
      guardDatabase('listing upload parts', async () => {
        const rows = await db
          .selectFrom('upload_parts')
          .selectAll()
          .where('upload_id', '=', id)
          .orderBy('offset_bytes')
          .execute();
        return rows.map((row) => ({
          offsetBytes: Number(row.offset_bytes),
          sizeBytes: Number(row.size_bytes),
          objectKey: row.object_key,
        }));
      }),

    claimUpload: (id: string, assetId: string) =>
      guardDatabase('claiming an upload', async () => {
        const result = await db
          .updateTable('uploads')
          .set({ asset_id: assetId, updated_at: now() })
          .where('id', '=', id)
          .where('asset_id', 'is', null)
          .where(sql<boolean>`offset_bytes = length_bytes`)
          .executeTakeFirst();
        return result.numUpdatedRows > 0n;
      }),

    releaseUpload: (id: string, assetId: string) =>
      guardDatabase('releasing an upload', async () => {
        await db
          .updateTable('uploads')
          .set({ asset_id: null, updated_at: now() })
          .where('id', '=', id)
          .where('asset_id', '=', assetId)
          .execute();
      }),

    deleteUpload: (id: string) =>
      guardDatabase('deleting an upload', async () => {
        const result = await db.deleteFrom('uploads').where('id', '=', id).executeTakeFirst();
        return result.numDeletedRows > 0n;
      }),

    listExpiredUploads: (nowMs: number, limit: number) =>
      guardDatabase('listing expired uploads', async () => {
        const rows = await db
          .selectFrom('uploads')
          .selectAll()
          .where('expires_at', '<', new Date(nowMs))
          .orderBy('expires_at')
          .orderBy('id')
          .limit(limit)
          .execute();
        return rows.map(toUploadRecord);
      }),
  };
}

function toUploadRecord(row: UploadRow): UploadRecord {
  return {
    id: row.id,
    keyId: row.key_id,
    lengthBytes: Number(row.length_bytes),
    offsetBytes: Number(row.offset_bytes),
    metadata: row.metadata,
    assetId: row.asset_id,
    createdAtMs: row.created_at.getTime(),
    expiresAtMs: row.expires_at.getTime(),
  };
}
