import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../packager/domain/errors.js';

/** Largest JSON request body of the publisher API: requests, never media. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/**
 * Caps JSON bodies before a validator buffers them (a video sent as application/json must not be read into
 * memory). Other bodies pass untouched: the upload paths stream and limit them themselves.
 */
export function jsonBodyLimit(): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: MAX_JSON_BODY_BYTES,
    onError: () => {
      throw new AppError(
        'payload_too_large',
        `A JSON request body may have at most ${MAX_JSON_BODY_BYTES} bytes.`,
      );
    },
  });
  return async (c, next) => {
    if (/^application\/([a-z.+-]+\+)?json/i.test(c.req.header('content-type') ?? '')) return limit(c, next);
    return next();
  };
}

export function isJsonRequest(contentType: string | undefined): boolean {
  return /^application\/([a-z.+-]+\+)?json/i.test(contentType ?? '');
}
