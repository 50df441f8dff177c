import { AppError } from '../domain/errors.js';

/** S3 allows 1024 bytes; 512 characters leaves room for a bucket prefix and keeps filesystem paths short. */
export const MAX_OBJECT_KEY_LENGTH = 512;
/** A segment becomes a file or folder name in the filesystem store, and most filesystems stop at 255 bytes. */
export const MAX_KEY_SEGMENT_BYTES = 255;

// Control characters (C0, DEL, C1) have no place in a key: they break logs, XML listings and file names.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

function invalid(value: string, why: string): AppError {
  return new AppError('invalid_path', `Object key is not valid: ${why}.`, {
    details: { key: value.length > 80 ? `${value.slice(0, 80)}…` : value },
  });
}

function assertSafeSegments(value: string, segments: readonly string[]): void {
  if (value.length > MAX_OBJECT_KEY_LENGTH) throw invalid(value, `longer than ${MAX_OBJECT_KEY_LENGTH}`);
  if (value.startsWith('/')) throw invalid(value, 'it starts with "/"');
  if (value.includes('\\')) throw invalid(value, 'it contains a backslash');
  if (CONTROL_CHARS.test(value)) throw invalid(value, 'it contains a control character');
  for (const segment of segments) {
    if (segment === '') throw invalid(value, 'it has an empty segment ("//")');
    if (segment === '..' || segment === '.') throw invalid(value, `it has a "${segment}" segment`);
    if (Buffer.byteLength(segment, 'utf8') > MAX_KEY_SEGMENT_BYTES) {
      throw invalid(value, `a segment is longer than ${MAX_KEY_SEGMENT_BYTES} bytes`);
    }
  }
}

/**
 * Refuses, before any I/O, a key that could escape a store's root or that S3 and a filesystem would treat
 * differently: absolute, `..`/`.` or empty segments, backslashes, control characters, over 512 characters,
 * a segment over 255 bytes.
 * Throws `invalid_path`.
 */
export function assertValidKey(key: string): void {
  if (key === '') throw invalid(key, 'it is empty');
  if (key.endsWith('/')) throw invalid(key, 'it ends with "/"');
  assertSafeSegments(key, key.split('/'));
}

/**
 * A listing/deletion prefix: empty (everything), a folder (`assets/abc/`) or any key prefix (`assets/ab`).
 * Same rules as keys, except that it may be empty and may end with `/`. Throws `invalid_path`.
 */
export function assertValidPrefix(prefix: string): void {
  if (prefix === '') return;
  const body = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (body === '') throw invalid(prefix, 'it is only "/"');
  assertSafeSegments(prefix, body.split('/'));
}

/** A deletion prefix: like a listing prefix, but never empty, so no bug can wipe a whole store. */
export function assertValidDeletePrefix(prefix: string): void {
  if (prefix === '') throw invalid(prefix, 'deleting every object (an empty prefix) is refused');
  assertValidPrefix(prefix);
}
