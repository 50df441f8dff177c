/**
 * The answer to GET/HEAD of a body held in memory, from its prepared headers: 304 on a matching
 * If-None-Match, 206 for a satisfiable single Range (honoured only under a matching If-Range), 200 otherwise.
 * Synchronous and allocation-light: this is the cache-hit hot path.
 */
import { ifNoneMatchHits, ifRangeAllows } from '../http/conditional.js';
import { contentRange, parseRange } from '../http/range.js';
import type { PreparedResponse } from './prepared-response.js';

export interface BufferAnswer {
  readonly status: 200 | 206 | 304;
  /** Flat `[name, value, ...]`. */
  readonly headers: readonly string[];
  /** Null for HEAD and 304. */
  readonly body: Buffer | null;
}

/** What answering needs from a request, whichever server lane it came through. */
export interface RequestView {
  readonly method: string;
  /** Lower-case name; the first value. */
  header(name: string): string | undefined;
}

/** The answer, or 'unsatisfiable' for a Range that starts past the end (the caller answers 416). */
export function answerPrepared(
  entry: PreparedResponse,
  request: RequestView,
  honourRange: boolean,
): BufferAnswer | 'unsatisfiable' {
  const ifNoneMatch = request.header('if-none-match');
  if (ifNoneMatch !== undefined && ifNoneMatchHits(ifNoneMatch, entry.entityTag)) {
    return { status: 304, headers: entry.notModifiedHeaders, body: null };
  }
  const isHead = request.method === 'HEAD';
  const rangeHeader = honourRange ? request.header('range') : undefined;
  if (rangeHeader !== undefined && ifRangeAllows(request.header('if-range'), entry.entityTag)) {
    const sizeBytes = entry.body.length;
    const range = parseRange(rangeHeader, sizeBytes);
    if (range.kind === 'unsatisfiable') return 'unsatisfiable';
    if (range.kind === 'range') {
      const headers = [
        ...entry.partialBaseHeaders,
        'Content-Range',
        contentRange(range.start, range.end, sizeBytes),
        'Content-Length',
        String(range.end - range.start + 1),
      ];
      return { status: 206, headers, body: isHead ? null : entry.body.subarray(range.start, range.end + 1) };
    }
  }
  return { status: 200, headers: entry.okHeaders, body: isHead ? null : entry.body };
}
