import type { Context } from 'hono';
import { AppError } from '../../packager/domain/errors.js';
import type { ObjectInfo, ObjectStore } from '../../packager/ports.js';
import { IMMUTABLE_CACHE_CONTROL } from '../http/cache-control.js';
import { ifNoneMatchHits, ifRangeAllows, strongEtag } from '../http/conditional.js';
import { contentRange, parseRange } from '../http/range.js';
import { toWebStream } from '../http/web-stream.js';

/**
 * An immutable stored object (init or media segment) as a response (O2-O4): Range (206, 416), HEAD, strong
 * ETag with If-None-Match -> 304, cached forever. `key` must already be validated. The common case (a
 * plain GET) costs one store call; a conditional, ranged or HEAD request stats the object first.
 */
export async function objectResponse(
  c: Context,
  store: ObjectStore,
  key: string,
  contentType: string,
): Promise<Response> {
  const rangeHeader = c.req.header('range');
  const ifNoneMatch = c.req.header('if-none-match');
  const isHead = c.req.method === 'HEAD';

  if (!rangeHeader && !ifNoneMatch && !isHead) {
    const { info, body } = await store.get(key);
    return new Response(toWebStream(body), {
      status: 200,
      headers: baseHeaders(info, contentType, info.sizeBytes),
    });
  }

  const info = await store.stat(key);
  if (!info) throw new AppError('object_not_found', 'No such segment.');
  const etag = strongEtag(info.etag);
  if (ifNoneMatchHits(ifNoneMatch, etag)) {
    return new Response(null, {
      status: 304,
      headers: { ETag: etag, 'Cache-Control': IMMUTABLE_CACHE_CONTROL, 'Accept-Ranges': 'bytes' },
    });
  }

  const range = ifRangeAllows(c.req.header('if-range'), etag)
    ? parseRange(rangeHeader, info.sizeBytes)
    : ({ kind: 'none' } as const);
  if (range.kind === 'unsatisfiable') {
    throw new AppError('range_not_satisfiable', 'The requested range starts past the end of the object.', {
      details: { sizeBytes: info.sizeBytes },
    });
  }
  if (range.kind === 'none') {
    const headers = baseHeaders(info, contentType, info.sizeBytes);
    if (isHead) return new Response(null, { status: 200, headers });
    const { body } = await store.get(key);
    return new Response(toWebStream(body), { status: 200, headers });
  }

  const headers = baseHeaders(info, contentType, range.end - range.start + 1);
  headers.set('Content-Range', contentRange(range.start, range.end, info.sizeBytes));
  if (isHead) return new Response(null, { status: 206, headers });
  const { body } = await store.get(key, { start: range.start, end: range.end });
  return new Response(toWebStream(body), { status: 206, headers });
}

function baseHeaders(info: ObjectInfo, contentType: string, contentLength: number): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Length': String(contentLength),
    'Accept-Ranges': 'bytes',
    ETag: strongEtag(info.etag),
    'Cache-Control': IMMUTABLE_CACHE_CONTROL,
  });
}
