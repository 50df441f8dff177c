import { AppError, isAppError } from '../domain/errors.js';
import { objectNotFound } from './byte-range-check.js';

/** Node network errors that mean "the store is not reachable right now". */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

/** S3 error codes for a server that is overloaded, restarting, or failing: retry later. */
const UNAVAILABLE_S3_CODES = new Set([
  'InternalError',
  'ServiceUnavailable',
  'SlowDown',
  'RequestTimeout',
  'XMinioServerNotInitialized',
  'XMinioStorageFull',
]);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error;
  return typeof code === 'string' ? code : undefined;
}

export function upstreamUnavailable(reason: string, cause: unknown): AppError {
  return new AppError(
    'upstream_unavailable',
    'The object store is not reachable right now; try again later.',
    {
      retryable: true,
      details: { reason },
      cause,
    },
  );
}

/**
 * Translates an error from the minio client (or its HTTP transport) for `key` into an AppError. Details carry
 * the key and the S3 code only, never the endpoint.
 */
export function translateS3Error(error: unknown, key: string): AppError {
  if (isAppError(error)) return error;
  const code = codeOf(error);
  if (code === 'NoSuchKey' || code === 'NotFound') return objectNotFound(key, error);
  if (code === 'InvalidRange') {
    return new AppError('range_not_satisfiable', 'The byte range is outside the object.', {
      details: { key },
      cause: error,
    });
  }
  if (code !== undefined && (NETWORK_CODES.has(code) || UNAVAILABLE_S3_CODES.has(code))) {
    return upstreamUnavailable(code, error);
  }
  // With its retries off, minio reports a 5xx/408/429 answer as a plain Error with this text and no code.
  if (
    error instanceof Error &&
    /Retryable HTTP status|Request failed after \d+ retries/.test(error.message)
  ) {
    return upstreamUnavailable('http_status', error);
  }
  if (code === 'NoSuchBucket') {
    return new AppError('internal', 'The configured bucket does not exist.', {
      details: { key },
      cause: error,
    });
  }
  return new AppError('internal', 'An object store request failed.', {
    details: { key, ...(code === undefined ? {} : { s3Code: code }) },
    cause: error,
  });
}
