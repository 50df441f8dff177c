import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors.js';
import { decodeAssetCursor, encodeAssetCursor } from './asset-cursor.js';

describe('asset cursors', () => {
  it('round-trips the sort key through a url-safe string', () => {
    const key = { createdAtMs: 1_795_000_000_123, id: 'AbC123xyzAbC123xyz09' };
    const cursor = encodeAssetCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeAssetCursor(cursor)).toEqual(key);
  });

  it.each([
    ['empty', ''],
    ['outside the alphabet', 'abc+/='],
    ['not JSON', Buffer.from('{nope').toString('base64url')],
    ['JSON null', Buffer.from('null').toString('base64url')],
    ['a fractional time', Buffer.from('{"t":1.5,"id":"a"}').toString('base64url')],
    ['a missing id', Buffer.from('{"t":1}').toString('base64url')],
    ['a numeric id', Buffer.from('{"t":1,"id":7}').toString('base64url')],
    ['oversized', 'A'.repeat(401)],
  ])('refuses a cursor that is %s with invalid_request', (_label, cursor) => {
    expect(() => decodeAssetCursor(cursor)).toThrow(AppError);
    expect(() => decodeAssetCursor(cursor)).toThrow(expect.objectContaining({ code: 'invalid_request' }));
  });
});
