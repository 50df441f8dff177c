/**
 * The one error type of ScalaCast. Adapters translate library errors into it at the boundary; the origin maps
 * `code` to an HTTP status in one table; workers map `retryable` to BullMQ's retry or UnrecoverableError.
 */
export const ERROR_CODES = [
  // Requests
  'invalid_request',
  'invalid_path',
  'empty_body',
  'payload_too_large',
  'range_not_satisfiable',
  'unauthorized',
  'forbidden',
  'rate_limited',
  'precondition_failed',
  // Assets and objects
  'asset_not_found',
  'asset_not_ready',
  'asset_errored',
  'object_not_found',
  'segment_not_ready',
  // Publisher API resources (keys, webhooks, resumable uploads, captions, URL ingest)
  'key_not_found',
  'webhook_not_found',
  'upload_not_found',
  'upload_expired',
  'upload_offset_mismatch',
  'caption_not_found',
  'invalid_caption',
  'url_not_allowed',
  'url_fetch_failed',
  // Media
  'unsupported_media',
  'no_media_streams',
  'source_unreadable',
  'transcode_failed',
  'cancelled',
  // Infrastructure
  'upstream_unavailable',
  'upstream_timeout',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorOptions {
  /** True when trying the same thing again later may succeed (a dead Redis), false for bad input. */
  readonly retryable?: boolean;
  /** Safe to show to the caller: no secrets, no stack, no internal hostnames. */
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: Readonly<Record<string, unknown>>;

  /** `message` is written for a person: what went wrong and, where it helps, what to do. */
  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Any thrown value as an AppError; unknown errors become `internal` and keep the original as the cause. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('internal', message, { cause: error });
}
