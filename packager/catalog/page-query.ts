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
