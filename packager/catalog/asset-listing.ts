/**
 * The catalog's read side for lists and the dashboard: one page of live assets (filters, search, keyset
 * paging) and the totals per status. Plain queries; the Catalog adapter wraps them in its error handling.
 */
import { sql, type Kysely } from 'kysely';
import { ASSET_STATUSES, type AssetStatus } from '../domain/asset.js';
import type { AssetPage, AssetSummary, ListAssetsQuery } from '../ports.js';
import { toAssetRecord } from './asset-row.js';
import { containsPattern, parseListAssetsQuery } from './catalog-input.js';
import { newestFirstPage, nextPageCursor } from './page-query.js';
import type { Database } from './schema.js';

export async function listAssetPage(db: Kysely<Database>, query: ListAssetsQuery): Promise<AssetPage> {
  const { limit, after, status, externalId, search } = parseListAssetsQuery(query);
  let select = db.selectFrom('assets').selectAll().where('deleted_at', 'is', null);
  if (status !== null) select = select.where('status', '=', status);
  if (externalId !== null) select = select.where('external_id', '=', externalId);
  if (search !== null) {
    select = select.where((eb) =>
      eb.or([
        eb('id', '=', search),
        sql<boolean>`${eb.ref('title')} ilike ${containsPattern(search)} escape '\\'`,
      ]),
    );
  }
  const rows = await newestFirstPage(select, { limit, after }).execute();
  const assets = rows.slice(0, limit).map(toAssetRecord);
  return { assets, nextCursor: nextPageCursor(rows.length, limit, assets.at(-1)) };
}

export async function summarizeAssets(db: Kysely<Database>): Promise<AssetSummary> {
  const rows = await db
    .selectFrom('assets')
    .select((eb) => [
      'status',
      eb.fn.countAll<string | number>().as('count'),
      eb.fn.sum<string | number | null>('source_size_bytes').as('source_size_bytes'),
      eb.fn.sum<string | number | null>('packaged_size_bytes').as('packaged_size_bytes'),
    ])
    .where('deleted_at', 'is', null)
    .groupBy('status')
    .execute();
  const byStatus = Object.fromEntries(ASSET_STATUSES.map((status) => [status, 0])) as Record<
    AssetStatus,
    number
  >;
  let sourceSizeBytes = 0;
  let packagedSizeBytes = 0;
  for (const row of rows) {
    // Aggregates come back as strings from node-postgres (bigint/numeric); sizes stay below 2^53.
    byStatus[row.status] = Number(row.count);
    sourceSizeBytes += Number(row.source_size_bytes ?? 0);
    packagedSizeBytes += Number(row.packaged_size_bytes ?? 0);
  }
  return { byStatus, sourceSizeBytes, packagedSizeBytes };
}
