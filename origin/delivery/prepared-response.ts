/**
 * A cached body together with the response headers it is served with, built once when it enters the cache:
 * a hit costs no header formatting, hashing or allocation beyond the request id. Headers are flat
 * `[name, value, ...]` lists, the form node:http's writeHead takes as-is.
 */
import type { CachedObject } from '../../packager/ports.js';
import { strongEtag } from '../http/conditional.js';
import { PLAYBACK_CORS_HEADERS } from '../http/cors.js';

export interface PreparedResponse extends CachedObject {
  /** Strong, quoted. */
  readonly entityTag: string;
  /** A 200 with the whole body. */
  readonly okHeaders: readonly string[];
  /** A 304 to a matching If-None-Match. */
  readonly notModifiedHeaders: readonly string[];
  /** Everything but the length and range headers, for a 206 built per request. */
  readonly partialBaseHeaders: readonly string[];
}

export interface PrepareOptions {
  readonly cacheControl: string;
  /** Segments honour Range; manifests do not advertise it. */
  readonly acceptRanges: boolean;
}

export function prepareResponse(object: CachedObject, options: PrepareOptions): PreparedResponse {
  const entityTag = strongEtag(object.etag);
  const ranges = options.acceptRanges ? ['Accept-Ranges', 'bytes'] : [];
  const common = [
    'ETag',
    entityTag,
    'Cache-Control',
    options.cacheControl,
    ...ranges,
    ...PLAYBACK_CORS_HEADERS,
  ];
  const partialBaseHeaders = Object.freeze(['Content-Type', object.contentType, ...common]);
  return {
    body: object.body,
    etag: object.etag,
    contentType: object.contentType,
    entityTag,
    okHeaders: Object.freeze([...partialBaseHeaders, 'Content-Length', String(object.body.length)]),
    notModifiedHeaders: Object.freeze(common),
    partialBaseHeaders,
  };
}
