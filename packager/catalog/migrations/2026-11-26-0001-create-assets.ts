// Frozen in time: this file describes the change as it was made and never imports the live schema types.
/* eslint-disable @typescript-eslint/no-explicit-any -- a migration sees whatever database exists then */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('assets')
    // "C" collation: ties in created_at order bytewise, the same on every server and in PGlite.
    .addColumn('id', sql`text collate "C"`, (col) => col.primaryKey())
    .addColumn('title', 'text')
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('queued', 'processing', 'ready', 'errored')`),
    )
    .addColumn('progress', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(sql`progress between 0 and 100`),
    )
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('source_key', 'text', (col) => col.notNull())
    .addColumn('source_size_bytes', 'bigint', (col) => col.notNull().check(sql`source_size_bytes >= 0`))
    .addColumn('duration_ms', 'integer')
    .addColumn('current_revision', 'integer')
    .addColumn('processing_revision', 'integer')
    .addColumn('presentation', 'jsonb')
    // Millisecond precision: list cursors carry milliseconds and must resume exactly.
    .addColumn('created_at', sql`timestamptz(3)`, (col) => col.notNull())
    .addColumn('updated_at', sql`timestamptz(3)`, (col) => col.notNull())
    .addColumn('deleted_at', sql`timestamptz(3)`)
    .addCheckConstraint('assets_error_iff_errored', sql`(status = 'errored') = (error_code is not null)`)
    .addCheckConstraint('assets_error_complete', sql`(error_code is null) = (error_message is null)`)
    .addCheckConstraint(
      'assets_presentation_iff_committed',
      sql`(current_revision is null) = (presentation is null)`,
    )
    .execute();

  // Listing is newest first over live rows, optionally by status: one partial index for each shape.
  await db.schema
    .createIndex('assets_live_created_idx')
    .on('assets')
    .columns(['created_at desc', 'id desc'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('assets_live_status_created_idx')
    .on('assets')
    .columns(['status', 'created_at desc', 'id desc'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('assets').execute();
}
