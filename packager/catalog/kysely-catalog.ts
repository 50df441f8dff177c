import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SqlBool,
  type UpdateResult,
} from 'kysely';
import type { Presentation } from '../../manifests/model.js';
import type { AssetError, AssetRecord, PlaybackPolicy } from '../domain/asset.js';
import { AppError } from '../domain/errors.js';
import { presentationSizeBytes } from '../domain/presentation-size.js';
import type { Catalog, Clock, ListAssetsQuery, NewAsset } from '../ports.js';
import { listAssetPage, summarizeAssets } from './asset-listing.js';
import { toAssetRecord } from './asset-row.js';
import { assertRevision, toProgressPercent } from './catalog-input.js';
import { translateDatabaseError } from './database-errors.js';
import type { Database } from './schema.js';

export interface KyselyCatalogDeps {
  /** Owned by the catalog from now on: `close()` destroys it. */
  readonly db: Kysely<Database>;
  readonly clock: Clock;
}

/**
 * The Catalog on PostgreSQL or PGlite. Every method is one statement; revision rules live in its WHERE
 * clause, so concurrent workers and a concurrent DELETE are settled by the database, not by reads first.
 *
 * Revisions (numbered from 1 by whoever enqueues the job):
 * - `current_revision` is what players see; `processing_revision` is the latest packaging attempt, in flight
 *   or failed, and is cleared by the commit. An asset being re-packaged is `processing` (or `errored` if that
 *   attempt fails) while its committed revision stays playable: `status` describes the latest work,
 *   `isPlayable()` what can be watched.
 * - markProcessing(r): only for r newer than the committed revision and not older than the latest attempt.
 *   Progress restarts at 0 unless r is the attempt already in progress (a job retry keeps what users saw).
 * - updateProgress(r): only while `processing` r; never lowers progress.
 * - commitRevision(r): only for the latest attempt r, or, with no attempt recorded, for r at least the
 *   committed one (committing the same revision twice is idempotent).
 * - markErrored(r): only for the latest attempt r, or, with no attempt recorded, for r newer than the
 *   committed one.
 * Every update of a deleted asset matches no row and returns false. False therefore means "leave this
 * revision alone" (deleted, superseded or already committed), not necessarily "deleted": look the asset up
 * before deleting any output.
 */
export function createKyselyCatalog(deps: KyselyCatalogDeps): Catalog {
  const { db, clock } = deps;
  const now = (): Date => new Date(clock.nowMs());
  const live = () => db.updateTable('assets').where('deleted_at', 'is', null);

  async function guard<T>(action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw translateDatabaseError(error, action);
    }
  }

  const changed = (result: UpdateResult): boolean => result.numUpdatedRows > 0n;

  return {
    createAsset: (asset: NewAsset) =>
      guard('creating an asset', async (): Promise<AssetRecord> => {
        const createdAt = now();
        try {
          const row = await db
            .insertInto('assets')
            .values({
              id: asset.id,
              title: asset.title,
              status: 'queued',
              progress: 0,
              source_key: asset.sourceKey,
              source_size_bytes: asset.sourceSizeBytes,
              ...(asset.playbackPolicy ? policyColumns(asset.playbackPolicy) : {}),
              external_id: asset.externalId ?? null,
              passthrough: asset.passthrough == null ? null : JSON.stringify(asset.passthrough),
              created_at: createdAt,
              updated_at: createdAt,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          return toAssetRecord(row);
        } catch (error) {
          if (readCode(error) !== '23505') throw error;
          throw new AppError('internal', 'An asset with this id already exists.', {
            details: { assetId: asset.id },
            cause: error,
          });
        }
      }),

    getAsset: (id: string) =>
      guard('reading an asset', async () => {
        const row = await db
          .selectFrom('assets')
          .selectAll()
          .where('id', '=', id)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        return row ? toAssetRecord(row) : null;
      }),

    listAssets: (query: ListAssetsQuery) => guard('listing assets', () => listAssetPage(db, query)),

    markProcessing: (id: string, revision: number) =>
      guard('marking an asset processing', async () => {
        assertRevision(revision);
        const result = await live()
          .set((eb) => ({
            status: 'processing',
            progress: eb
              .case()
              .when(eb.and([eb('processing_revision', '=', revision), eb('status', '=', 'processing')]))
              .then(eb.ref('progress'))
              .else(0)
              .end(),
            processing_revision: revision,
            error_code: null,
            error_message: null,
            error_output: null,
            updated_at: now(),
          }))
          .where('id', '=', id)
          .where((eb) =>
            eb.or([
              eb('current_revision', 'is', null),
              eb('current_revision', '<', revision),
              // A preview of this very attempt is committed (progressive publish): its retry resumes it.
              eb.and([eb('current_revision', '=', revision), eb('processing_revision', '=', revision)]),
            ]),
          )
          .where((eb) =>
            eb.or([eb('processing_revision', 'is', null), eb('processing_revision', '<=', revision)]),
          )
          .executeTakeFirst();
        return changed(result);
      }),

    updateProgress: (id: string, revision: number, percent: number) =>
      guard('updating progress', async () => {
        assertRevision(revision);
        const result = await live()
          .set({
            progress: sql<number>`greatest(progress, ${toProgressPercent(percent)})`,
            updated_at: now(),
          })
          .where('id', '=', id)
          .where('status', '=', 'processing')
          .where('processing_revision', '=', revision)
          .executeTakeFirst();
        return changed(result);
      }),

    commitRevision: (id: string, revision: number, presentation: Presentation) =>
      guard('committing a revision', async () => {
        assertRevision(revision);
        const result = await live()
          .set({
            status: 'ready',
            progress: 100,
            error_code: null,
            error_message: null,
            error_output: null,
            current_revision: revision,
            processing_revision: null,
            ...presentationColumns(presentation),
            updated_at: now(),
          })
          .where('id', '=', id)
          .where((eb) => isLatestAttempt(eb, revision, '<='))
          .executeTakeFirst();
        return changed(result);
      }),

    commitPreview: (id: string, revision: number, presentation: Presentation) =>
      guard('committing a preview', async () => {
        assertRevision(revision);
        const result = await live()
          .set({
            current_revision: revision,
            ...presentationColumns(presentation),
            updated_at: now(),
          })
          .where('id', '=', id)
          .where('status', '=', 'processing')
          .where('processing_revision', '=', revision)
          .where((eb) => eb.or([eb('current_revision', 'is', null), eb('current_revision', '=', revision)]))
          .executeTakeFirst();
        return changed(result);
      }),

    markErrored: (id: string, revision: number, error: AssetError) =>
      guard('marking an asset errored', async () => {
        assertRevision(revision);
        const result = await live()
          .set({
            status: 'errored',
            error_code: error.code,
            error_message: error.message,
            error_output: error.output ?? null,
            processing_revision: revision,
            updated_at: now(),
          })
          .where('id', '=', id)
          .where((eb) => isLatestAttempt(eb, revision, '<'))
          .executeTakeFirst();
        return changed(result);
      }),

    deleteAsset: (id: string) =>
      guard('deleting an asset', async () => {
        const deletedAt = now();
        const result = await live()
          .set({ deleted_at: deletedAt, updated_at: deletedAt })
          .where('id', '=', id)
          .executeTakeFirst();
        return changed(result);
      }),

    setPlaybackPolicy: (id: string, policy: PlaybackPolicy) =>
      guard('setting a playback policy', async () => {
        const result = await live()
          .set({ ...policyColumns(policy), updated_at: now() })
          .where('id', '=', id)
          .executeTakeFirst();
        return changed(result);
      }),

    summarizeAssets: () => guard('summarizing assets', () => summarizeAssets(db)),

    getLatestRevision: (id: string) =>
      guard('reading the latest revision', async () => {
        const row = await db
          .selectFrom('assets')
          .select(['current_revision', 'processing_revision'])
          .where('id', '=', id)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        if (!row) return null;
        return row.processing_revision ?? row.current_revision;
      }),

    ping: () =>
      guard('checking the connection', async () => {
        await sql`select 1`.execute(db);
      }),

    close: () => guard('closing the connections', () => db.destroy()),
  };
}

/**
 * The WHERE of an attempt's outcome (commitRevision, markErrored): `revision` is the latest attempt, or no
 * attempt is recorded and the committed revision is none or `committed` (`<` or `<=`) `revision`.
 */
function isLatestAttempt(
  eb: ExpressionBuilder<Database, 'assets'>,
  revision: number,
  committed: '<' | '<=',
): Expression<SqlBool> {
  return eb.or([
    eb('processing_revision', '=', revision),
    eb.and([
      eb('processing_revision', 'is', null),
      eb.or([eb('current_revision', 'is', null), eb('current_revision', committed, revision)]),
    ]),
  ]);
}

/** What a committed presentation sets: the presentation, its packaged size and its duration. */
function presentationColumns(presentation: Presentation) {
  return {
    presentation: JSON.stringify(presentation),
    packaged_size_bytes: presentationSizeBytes(presentation),
    duration_ms: Math.round(presentation.durationMs),
  };
}

function policyColumns(policy: PlaybackPolicy) {
  return { signed_playback: policy.signed, allowed_origins: JSON.stringify(policy.allowedOrigins) };
}

function readCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}
