import type { Context } from 'hono';
import { cacheControlFor, type CacheControlOptions } from '../http/cache-control.js';
import { contentEtag, ifNoneMatchHits } from '../http/conditional.js';

/**
 * A rendered manifest as a response: content-derived strong ETag (same bytes, same tag on every instance),
 * 304 on a matching If-None-Match, short cache lifetime, no body for HEAD.
 */
export function manifestResponse(
  c: Context,
  text: string,
  contentType: string,
  options: CacheControlOptions,
): Response {
  const bytes = Buffer.from(text, 'utf8');
  const etag = contentEtag(bytes);
  const headers = new Headers({
    'Cache-Control': cacheControlFor('manifest', options),
    ETag: etag,
  });
  if (ifNoneMatchHits(c.req.header('if-none-match'), etag)) {
    return new Response(null, { status: 304, headers });
  }
  headers.set('Content-Type', contentType);
  headers.set('Content-Length', String(bytes.length));
  return new Response(c.req.method === 'HEAD' ? null : bytes, { status: 200, headers });
}
