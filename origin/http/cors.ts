/**
 * CORS for playback routes (O1): any page may play our manifests and segments, and players must be able to
 * read the headers they use for range requests and caching. Preflights (a player sending `Range`) are
 * answered here with 204.
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

export function playbackCors(): MiddlewareHandler {
  return cors({
    origin: '*',
    allowMethods: ['GET', 'HEAD', 'OPTIONS'],
    allowHeaders: ['Range', 'If-None-Match', 'If-Modified-Since', 'If-Range'],
    exposeHeaders: ['Content-Length', 'Content-Range', 'Accept-Ranges', 'ETag', 'Age', 'X-Request-Id'],
    maxAge: 86_400,
  });
}
