/**
 * CORS for playback routes (O1): any page may play our manifests and segments, and players must be able to
 * read the headers they use for range requests and caching. Preflights (a player sending `Range`) are
 * answered here with 204.
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

const EXPOSED_HEADERS = ['Content-Length', 'Content-Range', 'Accept-Ranges', 'ETag', 'Age', 'X-Request-Id'];

/**
 * What the middleware adds to every playback GET/HEAD answer, as a flat header list: the delivery fast lane
 * (which answers cache hits without Hono) writes the same headers itself.
 */
export const PLAYBACK_CORS_HEADERS: readonly string[] = Object.freeze([
  'Access-Control-Allow-Origin',
  '*',
  'Access-Control-Expose-Headers',
  EXPOSED_HEADERS.join(','),
]);

export function playbackCors(): MiddlewareHandler {
  return cors({
    origin: '*',
    allowMethods: ['GET', 'HEAD', 'OPTIONS'],
    allowHeaders: ['Range', 'If-None-Match', 'If-Modified-Since', 'If-Range'],
    exposeHeaders: EXPOSED_HEADERS,
    maxAge: 86_400,
  });
}
