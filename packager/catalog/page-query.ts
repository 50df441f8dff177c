import { sql, type SelectQueryBuilder } from 'kysely';
import { AppError } from '../domain/errors.js';
import type { PageQuery } from '../ports.js';
import { decodeAssetCursor, encodeAssetCursor, type AssetCursor } from './asset-cursor.js';
import { MAX_LIST_LIMIT } from './catalog-input.js';

/**
 * Paging rules shared by every newest-first list of the publisher stores (delivery logs): the same limit
 * range and the same opaque (time, id) cursor as asset lists, refused with the same errors.
 */
export function parsePageQuery(query: PageQuery): { limit: number; after: AssetCursor | null } {
  const { limit, cursor } = query;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new AppError('invalid_request', `The limit must be a whole number from 1 to ${MAX_LIST_LIMIT}.`, {
      details: { parameter: 'limit' },
    });
  }
  return { limit, after: cursor === undefined || cursor === '' ? null : decodeAssetCursor(cursor) };
}

/**
 * The cursor of the page after this one, for a query that fetched one row more than `limit`: that extra row
 * tells whether another page exists without a count.
 */
export function nextPageCursor(
  fetchedRows: number,
  limit: number,
  last: AssetCursor | undefined,
): string | null {
  return fetchedRows > limit && last
    ? encodeAssetCursor({ createdAtMs: last.createdAtMs, id: last.id })
    : null;
}

/**
 * One newest-first page of a table keyed by (created_at, id): the rows after the cursor, plus one more for
 * nextPageCursor. A row comparison, so an index on (<equality columns>, created_at desc, id desc) serves it
 * as one range scan.
 */
export function newestFirstPage<DB, TB extends keyof DB, O>(
  select: SelectQueryBuilder<DB, TB, O>,
  page: { readonly limit: number; readonly after: AssetCursor | null },
): SelectQueryBuilder<DB, TB, O> {
  const { after } = page;
  const keyed =
    after === null
      ? select
      : select.where(sql<boolean>`(created_at, id) < (${new Date(after.createdAtMs)}, ${after.id})`);
  return keyed
    .orderBy(sql.ref('created_at'), 'desc')
    .orderBy(sql.ref('id'), 'desc')
    .limit(page.limit + 1);
}
