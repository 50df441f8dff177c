import { AppError, isAppError } from '../domain/errors.js';

// Node socket errors and node-postgres messages meaning "the server is not there (right now)".
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection ended unexpectedly',
  'PGlite is closed',
];
// SQLSTATE: class 08 is "connection exception"; the others are a server going away or full.
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '53400']);
// query_canceled (statement_timeout) and lock_not_available (lock_timeout).
const TIMEOUT_STATES = new Set(['57014', '55P03']);

/**
 * The boundary between the database drivers and the rest of ScalaCast: an unreachable database becomes a
 * retryable `upstream_unavailable`, a timeout a retryable `upstream_timeout`, anything else `internal` with
 * the driver error kept as the cause (the log shows it; API bodies never do).
 */
export function translateDatabaseError(error: unknown, action: string): AppError {
  if (isAppError(error)) return error;
  const code = readString(error, 'code');
  const message = error instanceof Error ? error.message : String(error);
  if (
    (code !== undefined &&
      (NETWORK_CODES.has(code) || code.startsWith('08') || UNAVAILABLE_STATES.has(code))) ||
    CONNECTION_MESSAGES.some((known) => message.includes(known))
  ) {
    return new AppError('upstream_unavailable', `The catalog database is unreachable while ${action}.`, {
      retryable: true,
      cause: error,
    });
  }
  if (code !== undefined && TIMEOUT_STATES.has(code)) {
    return new AppError('upstream_timeout', `The catalog database took too long while ${action}.`, {
      retryable: true,
      cause: error,
    });
  }
  return new AppError('internal', `The catalog database failed while ${action}.`, { cause: error });
}

function readString(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null || !(key in value)) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : undefined;
}
