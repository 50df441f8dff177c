/**
 * The live shape of the catalog database, as Kysely sees it. Migrations never import this file: they are
 * frozen in time and describe each change with `Kysely<any>`, so editing these types cannot rewrite history.
 * Later tables (api keys, webhooks, job events) join `Database` with their own migrations.
 */
import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { Presentation } from '../../manifests/model.js';
import type { AssetStatus } from '../domain/asset.js';
import type { JsonValue } from '../domain/json-value.js';
import type { PublisherTables } from './publisher-schema.js';

/** `timestamptz(3)`: millisecond precision, so a list cursor in milliseconds resumes exactly. */
type Timestamp = ColumnType<Date, Date, Date>;

/** node-postgres returns int8 as a string, PGlite as a number: callers convert with Number(). */
type Int8 = ColumnType<string | number | bigint, number, number>;

/** Written as JSON text (both drivers parse jsonb on the way out); never a driver-specific object encoding. */
type NullableJson<T> = ColumnType<T | null, string | null, string | null>;

export interface AssetsTable {
  /** 20 url-safe characters, `collate "C"` so ties in created_at order bytewise everywhere. */
  id: string;
  title: string | null;
  status: AssetStatus;
  /** 0..100, never decreasing within one packaging attempt. */
  progress: number;
  /** Both set exactly when status is `errored`. */
  error_code: string | null;
  error_message: string | null;
  source_key: string;
  source_size_bytes: Int8;
  duration_ms: number | null;
  /** The committed revision players see. */
  current_revision: number | null;
  /** The revision of the latest packaging attempt, in flight or failed; null once committed. */
  processing_revision: number | null;
  /** The description of `current_revision`. */
  presentation: NullableJson<Presentation>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Playback needs a signed URL (migration 0002). */
  signed_playback: ColumnType<boolean, boolean | undefined, boolean>;
  /** JSON array of web origins allowed to play; empty = any (migration 0002). */
  allowed_origins: ColumnType<string[], string | undefined, string>;
  /** Soft delete: a deleted row is invisible to every read and refuses every update. */
  deleted_at: ColumnType<Date | null, Date | null, Date | null>;
  /** Migration 0003: the publisher's own id (not unique) and passthrough JSON. */
  external_id: ColumnType<string | null, string | null | undefined, string | null>;
  passthrough: ColumnType<JsonValue | null, string | null | undefined, string | null>;
  /** Migration 0005: the media tool's output tail of the error (operators only); null without an error. */
  error_output: ColumnType<string | null, string | null | undefined, string | null>;
  /** Migration 0005: media segment bytes of `current_revision`; null before the first commit. */
  packaged_size_bytes: ColumnType<string | number | bigint | null, number | null | undefined, number | null>;
}

export interface Database extends PublisherTables {
  assets: AssetsTable;
}

export type AssetRow = Selectable<AssetsTable>;
export type NewAssetRow = Insertable<AssetsTable>;
export type AssetRowUpdate = Updateable<AssetsTable>;
