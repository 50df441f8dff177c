/**
 * The one table from ErrorCode to HTTP status, and the problem+json body every error answer carries
 * (RFC 9457): `{ type, title, status, code, detail, requestId }`. 5xx answers say nothing about the cause:
 * the log line with the same requestId has it.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, type ErrorCode, toAppError } from '../../packager/domain/errors.js';
import type { Logger } from '../../packager/ports.js';
import { cacheControlFor, CONTENT_TYPES } from './cache-control.js';
import type { AppEnv } from './app-env.js';
import { unsatisfiedContentRange } from './range.js';

/**
 * Status of each code. Choices worth a word:
 * - `asset_not_ready` 409 Conflict + Retry-After: the asset exists, its state does not allow playback yet;
 *   asking again later succeeds. Distinct from 404 (unknown or deleted asset).
 * - `asset_errored` 410 Gone: the asset exists but packaging failed; its playback URLs will not work (the
 *   asset object's `error` says why).
 * - `segment_not_ready` 503 + Retry-After: a segment of a revision still being encoded, not written yet.
 *   503, not 409, because players retry 5xx answers of a segment request and give up on a 4xx.
 * - `cancelled` 409: the work was stopped by a concurrent action (a delete).
 * - media codes (from a source that cannot be packaged) are the client's input: 415/422.
 */
export function statusForCode(code: ErrorCode): ContentfulStatusCode {
  switch (code) {
    case 'invalid_request':
    case 'invalid_path':
    case 'empty_body':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'asset_not_found':
    case 'object_not_found':
    case 'key_not_found':
    case 'webhook_not_found':
    case 'upload_not_found':
    case 'caption_not_found':
      return 404;
    case 'asset_not_ready':
    case 'cancelled':
    case 'upload_offset_mismatch':
      return 409;
    case 'asset_errored':
    case 'upload_expired':
      return 410;
    case 'precondition_failed':
      return 412;
    case 'payload_too_large':
      return 413;
    case 'unsupported_media':
      return 415;
    case 'range_not_satisfiable':
      return 416;
    case 'no_media_streams':
    case 'source_unreadable':
    case 'invalid_caption':
    case 'url_not_allowed':
    case 'url_fetch_failed':
      return 422;
    case 'rate_limited':
      return 429;
    case 'transcode_failed':
    case 'internal':
      return 500;
    case 'upstream_unavailable':
    case 'segment_not_ready':
      return 503;
    case 'upstream_timeout':
      return 504;
  }
}

const TITLES: Readonly<Record<ErrorCode, string>> = {
  invalid_request: 'Invalid request',
  invalid_path: 'Invalid path',
  empty_body: 'Empty body',
  payload_too_large: 'Payload too large',
  range_not_satisfiable: 'Range not satisfiable',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  rate_limited: 'Too many requests',
  precondition_failed: 'Precondition failed',
  key_not_found: 'API key not found',
  webhook_not_found: 'Webhook endpoint not found',
  upload_not_found: 'Upload not found',
  upload_expired: 'Upload expired',
  upload_offset_mismatch: 'Upload offset mismatch',
  caption_not_found: 'Caption not found',
  invalid_caption: 'Invalid caption file',
  url_not_allowed: 'URL not allowed',
  url_fetch_failed: 'URL fetch failed',
  asset_not_found: 'Asset not found',
  asset_not_ready: 'Asset not ready',
  asset_errored: 'Asset errored',
  object_not_found: 'Not found',
  segment_not_ready: 'Segment not ready',
  unsupported_media: 'Unsupported media',
  no_media_streams: 'No media streams',
  source_unreadable: 'Source unreadable',
  transcode_failed: 'Transcode failed',
  cancelled: 'Cancelled',
  upstream_unavailable: 'Service unavailable',
  upstream_timeout: 'Upstream timeout',
  internal: 'Internal error',
};

const DEFAULT_RETRY_AFTER_SECONDS: Partial<Record<ErrorCode, number>> = {
  asset_not_ready: 2,
  segment_not_ready: 1,
  rate_limited: 1,
  upstream_unavailable: 5,
  upstream_timeout: 5,
};

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: ErrorCode;
  readonly detail: string;
  readonly requestId: string;
  /** invalid_request: one entry per bad field. */
  readonly errors?: unknown;
}

export function problemBody(error: AppError, requestId: string): ProblemBody {
  const status = statusForCode(error.code);
  const body: ProblemBody = {
    type: `urn:scalacast:problem:${error.code}`,
    title: TITLES[error.code],
    status,
    code: error.code,
    detail:
      status >= 500
        ? 'The server could not answer; the log has the details under this requestId.'
        : error.message,
    requestId,
  };
  const fieldErrors = error.details['errors'];
  return status < 500 && fieldErrors !== undefined ? { ...body, errors: fieldErrors } : body;
}

/** The whole error answer: problem+json body, status, no-store, and Retry-After / Content-Range when they apply. */
export function problemResponse(error: AppError, requestId: string): Response {
  const body = problemBody(error, requestId);
  const headers = new Headers({
    'Content-Type': CONTENT_TYPES.problem,
    'Cache-Control': cacheControlFor('error', { manifestMaxAgeSeconds: 0 }),
    'X-Request-Id': requestId,
  });
  const retryAfter = numberDetail(error, 'retryAfterSeconds') ?? DEFAULT_RETRY_AFTER_SECONDS[error.code];
  if (retryAfter !== undefined) headers.set('Retry-After', String(retryAfter));
  const sizeBytes = numberDetail(error, 'sizeBytes');
  if (error.code === 'range_not_satisfiable' && sizeBytes !== undefined) {
    headers.set('Content-Range', unsatisfiedContentRange(sizeBytes));
  }
  const text = JSON.stringify(body);
  headers.set('Content-Length', String(Buffer.byteLength(text)));
  return new Response(text, { status: body.status, headers });
}

function numberDetail(error: AppError, name: string): number | undefined {
  const value = error.details[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Hono's own exceptions (a malformed body, a bad header) as AppErrors, by status. */
function fromHttpException(exception: HTTPException): AppError {
  const code: ErrorCode =
    exception.status === 413
      ? 'payload_too_large'
      : exception.status === 404
        ? 'object_not_found'
        : exception.status < 500
          ? 'invalid_request'
          : 'internal';
  return new AppError(code, exception.message || TITLES[code], { cause: exception });
}

export const handleError: ErrorHandler<AppEnv> = (thrown, c) => {
  const error = thrown instanceof HTTPException ? fromHttpException(thrown) : toAppError(thrown);
  const status = statusForCode(error.code);
  // The request-context middleware runs first, so the logger is there unless that middleware itself threw.
  const logger = c.var.logger as Logger | undefined;
  if (error.details['reason'] === 'circuit_open') {
    // Expected while storage is down: the breaker logged the outage once; one line per refusal would flood.
    logger?.debug({ code: error.code, reason: 'circuit_open' }, 'request refused');
  } else if (status >= 500) {
    logger?.error({ err: thrown, code: error.code }, 'request failed');
  } else {
    logger?.debug({ code: error.code, detail: error.message }, 'request refused');
  }
  return problemResponse(error, requestIdOf(c));
};

export const handleNotFound: NotFoundHandler<AppEnv> = (c) =>
  problemResponse(new AppError('object_not_found', 'Nothing is served at this path.'), requestIdOf(c));

function requestIdOf(c: Context<AppEnv>): string {
  // Empty only when the request-context middleware never ran for this request.
  return c.get('requestId') || 'unknown';
}
