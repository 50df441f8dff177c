import type { AssetRecord } from '../domain/asset.js';
import type { AssetRow } from './schema.js';

/** A database row as the domain sees it: times in epoch milliseconds, int8 as a number, error as one object. */
export function toAssetRecord(row: AssetRow): AssetRecord {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    progress: row.progress,
    error:
      row.error_code !== null && row.error_message !== null
        ? {
            code: row.error_code,
            message: row.error_message,
            ...(row.error_output === null ? {} : { output: row.error_output }),
          }
        : null,
    sourceKey: row.source_key,
    // int8 comes back as a string from node-postgres; source sizes stay far below 2^53.
    sourceSizeBytes: Number(row.source_size_bytes),
    durationMs: row.duration_ms,
    currentRevision: row.current_revision,
    presentation: row.presentation,
    playbackPolicy: { signed: row.signed_playback, allowedOrigins: row.allowed_origins },
    createdAtMs: row.created_at.getTime(),
    updatedAtMs: row.updated_at.getTime(),
    externalId: row.external_id,
    passthrough: row.passthrough,
  };
}
