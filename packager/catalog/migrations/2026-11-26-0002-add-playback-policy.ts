// Frozen in time: this file describes the change as it was made and never imports the live schema types.
/* eslint-disable @typescript-eslint/no-explicit-any -- a migration sees whatever database exists then */
import { sql, type Kysely } from 'kysely';

/** Who may play an asset: signed URLs only, and/or pages of listed web origins only. Existing assets stay open. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('assets')
    .addColumn('signed_playback', 'boolean', (col) => col.notNull().defaultTo(false))
    // A JSON array of origin strings; empty = any page may play.
    .addColumn('allowed_origins', 'jsonb', (col) =>
      col
        .notNull()
        .defaultTo(sql`'[]'::jsonb`)
        .check(sql`jsonb_typeof(allowed_origins) = 'array'`),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('assets').dropColumn('allowed_origins').dropColumn('signed_playback').execute();
}
