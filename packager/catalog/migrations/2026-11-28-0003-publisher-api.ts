// Frozen in time: this file describes the change as it was made and never imports the live schema types.
/* eslint-disable @typescript-eslint/no-explicit-any -- a migration sees whatever database exists then */
import { sql, type Kysely } from 'kysely';

/**
 * The publisher API: asset metadata (external id, passthrough JSON), API keys (hashes only), webhook
 * endpoints with their events and delivery log, resumable (tus) uploads with their parts, and captions.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('assets')
    .addColumn('external_id', 'text')
    .addColumn('passthrough', 'jsonb')
    .execute();
  // Listing by external id is newest first over live rows, like the other list shapes.
  await db.schema
    .createIndex('assets_live_external_created_idx')
    .on('assets')
    .columns(['external_id', 'created_at desc', 'id desc'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', sql`text collate "C"`, (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('scopes', 'jsonb', (col) => col.notNull())
    .addColumn('hash_hex', 'text', (col) => col.notNull())
    .addColumn('created_at', sql`timestamptz(3)`, (col) => col.notNull())
    .addColumn('last_used_at', sql`timestamptz(3)`)
    .addColumn('revoked_at', sql`timestamptz(3)`)
    .execute();

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', sql`text collate "C"`, (col) => col.primaryKey())
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('events', 'jsonb', (col) => col.notNull())
    .addColumn('secret', 'text', (col) => col.notNull())
    .addColumn('created_at', sql`timestamptz(3)`, (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('webhook_events')
    .addColumn('id', sql`text collate "C"`, (col) => col.primaryKey())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('asset_id', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('created_at', sql`timestamptz(3)`, (col) => col.notNull())
    .execute();
  // asset.playable happens once per asset, whichever process reports it first.
  await db.schema
    .createIndex('webhook_events_playable_once_idx')
    .on('webhook_events')
    .column('asset_id')
    .unique()
    .where(sql.ref('type'), '=', 'asset.playable')
    .execute();
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', sql`text collate "C"`, (col) => col.primaryKey())
    .addColumn('endpoint_id', 'text', (col) =>
      col.notNull().references('webhook_endpoints.id').onDelete('cascade'),
    )
    .addColumn('event_id', 'text', (col) => col.notNull())
    .addColumn('event_type', 'text', (col) => col.notNull())
    .addColumn('attempt', 'integer', (col) => col.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('ok', 'boolean', (col) => col.notNull())
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (col) => col.notNull())
    .addColumn('created_at', sql`timestamptz(3)`, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_endpoint_created_idx')
    .on('webhook_deliveries')
    .columns(['endpoint_id', 'created_at desc', 'id desc'])
    .execute();

  await db.schema
    .createTable('uploads')
    .addColumn('id', sql`text collate "C"`, (col) => col.primaryKey())
    .addColumn('key_id', 'text', (col) => col.notNull())
    .addColumn('length_bytes', 'bigint', (col) => col.notNull().check(sql`length_bytes > 0`))
    .addColumn('offset_bytes', 'bigint', (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(sql`offset_bytes >= 0`),
    )
    .addColumn('metadata', 'jsonb', (col) => col.notNull())
    .addColumn('asset_id', 'text')
    .addColumn('created_at', sql`timestamptz(3)`, (col) => col.notNull())
    .addColumn('updated_at', sql`timestamptz(3)`, (col) => col.notNull())
    .addColumn('expires_at', sql`timestamptz(3)`, (col) => col.notNull())
    .addCheckConstraint('uploads_offset_within_length', sql`offset_bytes <= length_bytes`)
    .execute();
  await db.schema.createIndex('uploads_expires_idx').on('uploads').column('expires_at').execute();
  await db.schema
    .createTable('upload_parts')
    .addColumn('upload_id', 'text', (col) => col.notNull().references('uploads.id').onDelete('cascade'))
    .addColumn('offset_bytes', 'bigint', (col) => col.notNull())
    .addColumn('size_bytes', 'bigint', (col) => col.notNull().check(sql`size_bytes > 0`))
    .addColumn('object_key', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('upload_parts_pk', ['upload_id', 'offset_bytes'])
    .execute();

  await db.schema
    .createTable('asset_captions')
    .addColumn('asset_id', sql`text collate "C"`, (col) =>
      col.notNull().references('assets.id').onDelete('cascade'),
    )
    .addColumn('language', sql`text collate "C"`, (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('version', 'text', (col) => col.notNull())
    .addColumn('size_bytes', 'integer', (col) => col.notNull())
    .addColumn('created_at', sql`timestamptz(3)`, (col) => col.notNull())
    .addPrimaryKeyConstraint('asset_captions_pk', ['asset_id', 'language'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'asset_captions',
    'upload_parts',
    'uploads',
    'webhook_deliveries',
    'webhook_events',
    'webhook_endpoints',
    'api_keys',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropIndex('assets_live_external_created_idx').execute();
  await db.schema.alterTable('assets').dropColumn('passthrough').dropColumn('external_id').execute();
}
