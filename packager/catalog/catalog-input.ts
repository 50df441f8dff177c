import type { ListAssetsQuery } from '../ports.js';
import { ASSET_STATUSES, type AssetStatus } from '../domain/asset.js';
import { AppError } from '../domain/errors.js';
import { decodeAssetCursor, type AssetCursor } from './asset-cursor.js';

/**
 * Input rules every Catalog implementation shares (the Kysely adapter and the in-memory fake), so they
 * refuse the same things with the same errors.
 */
export const MAX_LIST_LIMIT = 100;

export interface ParsedListAssetsQuery {
  readonly limit: number;
  readonly after: AssetCursor | null;
  readonly status: AssetStatus | null;
  readonly externalId: string | null;
  /** Trimmed; null when absent or blank. */
  readonly search: string | null;
}

export const MAX_SEARCH_LENGTH = 200;

export function parseListAssetsQuery(query: ListAssetsQuery): ParsedListAssetsQuery {
  const { limit, cursor, status, externalId } = query;
  const search = query.search?.trim() ?? '';
  if (search.length > MAX_SEARCH_LENGTH) {
    throw new AppError(
      'invalid_request',
      `The search text must be at most ${MAX_SEARCH_LENGTH} characters.`,
      {
        details: { parameter: 'search' },
      },
    );
  }
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new AppError('invalid_request', `The limit must be a whole number from 1 to ${MAX_LIST_LIMIT}.`, {
      details: { parameter: 'limit' },
    });
  }
  if (status !== undefined && !(ASSET_STATUSES as readonly string[]).includes(status)) {
    throw new AppError('invalid_request', `The status must be one of ${ASSET_STATUSES.join(', ')}.`, {
      details: { parameter: 'status' },
    });
  }
  return {
    limit,
    after: cursor === undefined || cursor === '' ? null : decodeAssetCursor(cursor),
    status: status ?? null,
    externalId: externalId ?? null,
    search: search === '' ? null : search,
  };
}

/** Revisions are numbered from 1; anything else is a bug in the caller, not bad user input. */
export function assertRevision(revision: number): void {
  if (!Number.isSafeInteger(revision) || revision < 1 || revision > 2_147_483_647) {
    throw new AppError('internal', 'A revision must be a positive 32-bit integer.', {
      details: { revision },
    });
  }
}

/** Whole percent 0..100 (NaN counts as 0): the column is an integer and progress is shown as-is. */
export function toProgressPercent(percent: number): number {
  if (Number.isNaN(percent)) return 0;
  return Math.min(100, Math.max(0, Math.floor(percent)));
}

/** A LIKE pattern matching `text` anywhere, with LIKE's wildcards and the escape character taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
