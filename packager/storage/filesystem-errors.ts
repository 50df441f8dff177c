import { AppError, isAppError } from '../domain/errors.js';
import { objectNotFound } from './byte-range-check.js';

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error;
  return typeof code === 'string' ? code : undefined;
}

/** The path (or one of its parents) is missing, or is not what a lookup expected: the object is absent. */
export function isMissing(error: unknown): boolean {
  const code = errnoCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

// Conditions of the disk rather than of the request: trying later (or elsewhere) may work.
const TRANSIENT = new Set(['ENOSPC', 'EDQUOT', 'EMFILE', 'ENFILE', 'EIO', 'EBUSY', 'EAGAIN']);
// The store is misconfigured (permissions, read-only mount): retrying the same thing will not help.
const MISCONFIGURED = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * Translates a filesystem error for `key` at the adapter boundary. `missingMeansNotFound` is true for reads:
 * there a missing path is the object not existing; for writes it is a real failure.
 */
export function translateFsError(error: unknown, key: string, missingMeansNotFound: boolean): AppError {
  if (isAppError(error)) return error;
  const code = errnoCode(error);
  if (missingMeansNotFound && isMissing(error)) return objectNotFound(key, error);
  if (code !== undefined && TRANSIENT.has(code)) {
    return new AppError(
      'upstream_unavailable',
      'The storage disk is not usable right now; try again later.',
      {
        retryable: true,
        details: { key, reason: code },
        cause: error,
      },
    );
  }
  if (code !== undefined && MISCONFIGURED.has(code)) {
    return new AppError(
      'upstream_unavailable',
      'The storage folder is not writable; check its permissions.',
      {
        details: { key, reason: code },
        cause: error,
      },
    );
  }
  return new AppError('internal', 'A storage operation failed.', { details: { key }, cause: error });
}

/** A write whose path crosses an existing object (`a` stored, `a/b` written, or the reverse). */
export function translateFsWriteError(error: unknown, key: string): AppError {
  const code = errnoCode(error);
  if (code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST') {
    return new AppError(
      'invalid_path',
      'The key clashes with an existing object used as a folder, or the reverse.',
      {
        details: { key },
        cause: error,
      },
    );
  }
  return translateFsError(error, key, false);
}
