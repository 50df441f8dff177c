// Frozen in time: this file describes the change as it was made and never imports the live schema types.
/* eslint-disable @typescript-eslint/no-explicit-any -- a migration sees whatever database exists then */
import { sql, type Kysely } from 'kysely';

/**
 * What the admin dashboard reads besides the asset itself: the tail of the media tool's output for a failed
 * asset (operators only, never in the public API), and the bytes of the committed revision's media segments,
 * kept per row so the storage figure is one sum instead of a walk over every presentation.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('assets')
    .addColumn('error_output', 'text')
    .addColumn('packaged_size_bytes', 'bigint', (col) => col.check(sql`packaged_size_bytes >= 0`))
    .execute();
  await db.schema
    .alterTable('assets')
    .addCheckConstraint('assets_error_output_with_error', sql`error_output is null or error_code is not null`)
    .execute();
  // Existing committed revisions: the sum of every segment's sizeBytes, video and audio.
  await sql`
    update assets set packaged_size_bytes = (
      select coalesce(sum((segment ->> 'sizeBytes')::bigint), 0)
      from jsonb_array_elements(
             coalesce(presentation -> 'video', '[]'::jsonb) || coalesce(presentation -> 'audio', '[]'::jsonb)
           ) as rendition(value),
           jsonb_array_elements(rendition.value -> 'segments') as segments(segment)
    )
    where presentation is not null
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('assets').dropConstraint('assets_error_output_with_error').execute();
  await db.schema.alterTable('assets').dropColumn('packaged_size_bytes').dropColumn('error_output').execute();
}
