/**
 * The publisher-API tables (migration 0003) as Kysely sees them: API keys, webhook endpoints, events and
 * deliveries, resumable uploads and their parts, captions. Joined into `Database` by schema.ts.
 */
import type { ColumnType, Selectable } from 'kysely';
import type { UploadMetadata } from '../ports.js';

/** `timestamptz(3)`. */
type Timestamp = ColumnType<Date, Date, Date>;
type NullableTimestamp = ColumnType<Date | null, Date | null | undefined, Date | null>;
/** node-postgres returns int8 as a string, PGlite as a number: callers convert with Number(). */
type Int8 = ColumnType<string | number | bigint, number, number>;
/** jsonb, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;

export interface ApiKeysTable {
  id: string;
  name: string;
  scopes: Json<string[]>;
  hash_hex: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface WebhookEndpointsTable {
  id: string;
  url: string;
  description: string | null;
  events: Json<string[]>;
  secret: string;
  created_at: Timestamp;
}

export interface WebhookEventsTable {
  id: string;
  type: string;
  asset_id: string;
  body: string;
  created_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  attempt: number;
  status_code: number | null;
  ok: boolean;
  error: string | null;
  duration_ms: number;
  created_at: Timestamp;
}

export interface UploadsTable {
  id: string;
  key_id: string;
  length_bytes: Int8;
  offset_bytes: Int8;
  metadata: Json<UploadMetadata>;
  asset_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  expires_at: Timestamp;
}

export interface UploadPartsTable {
  upload_id: string;
  offset_bytes: Int8;
  size_bytes: Int8;
  object_key: string;
}

export interface AssetCaptionsTable {
  asset_id: string;
  language: string;
  name: string;
  version: string;
  size_bytes: number;
  created_at: Timestamp;
}

export interface PublisherTables {
  api_keys: ApiKeysTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  uploads: UploadsTable;
  upload_parts: UploadPartsTable;
  asset_captions: AssetCaptionsTable;
}

export type ApiKeyRow = Selectable<ApiKeysTable>;
export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type UploadRow = Selectable<UploadsTable>;
export type AssetCaptionRow = Selectable<AssetCaptionsTable>;
