import { AppError } from '../domain/errors.js';

/** The sort key of the last asset on a page: listing resumes strictly after it. */
export interface AssetCursor {
  readonly createdAtMs: number;
  readonly id: string;
}

/** Opaque to clients: base64url of a small JSON object, so it survives a query string unescaped. */
export function encodeAssetCursor(cursor: AssetCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.createdAtMs, id: cursor.id }), 'utf8').toString('base64url');
}

/** Throws `invalid_request` for anything encodeAssetCursor did not produce. */
export function decodeAssetCursor(cursor: string): AssetCursor {
  const parsed = parseJson(cursor);
  if (typeof parsed === 'object' && parsed !== null && 't' in parsed && 'id' in parsed) {
    const { t, id } = parsed;
    if (typeof t === 'number' && Number.isSafeInteger(t) && typeof id === 'string' && id.length <= 100) {
      return { createdAtMs: t, id };
    }
  }
  throw new AppError('invalid_request', 'The cursor is not one this API returned; list again without it.', {
    details: { parameter: 'cursor' },
  });
}

function parseJson(cursor: string): unknown {
  // Buffer.from ignores characters outside the alphabet, so check the alphabet first.
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
