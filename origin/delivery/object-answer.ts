/**
 * Init and media segments that are not in this process's memory: through the cache tiers (object-loader),
 * or straight from storage when too large to cache (streamed, with back-pressure: a chunk is read from
 * storage only when the client has taken the previous one). HEAD and If-None-Match only stat the object.
 */
import type { Readable } from 'node:stream';
import { AppError } from '../../packager/domain/errors.js';
import type { ObjectInfo, ObjectStream } from '../../packager/ports.js';
import type { GuardedStore } from '../cache/guarded-store.js';
import type { ObjectLoader } from '../cache/object-loader.js';
import { IMMUTABLE_CACHE_CONTROL } from '../http/cache-control.js';
import { ifNoneMatchHits, ifRangeAllows, strongEtag } from '../http/conditional.js';
import { PLAYBACK_CORS_HEADERS } from '../http/cors.js';
import { contentRange, parseRange, type RangeDecision } from '../http/range.js';
import { answerPrepared, type BufferAnswer, type RequestView } from './answer-prepared.js';
import type { PreparedResponse } from './prepared-response.js';

export interface StreamAnswer {
  readonly status: 200 | 206;
  readonly headers: readonly string[];
  readonly body: null;
  /** The requested bytes from storage; the server pipes it and destroys it if the client goes away. */
  readonly stream: Readable;
}

export type ObjectAnswer = BufferAnswer | StreamAnswer;

export interface ObjectMissDeps {
  readonly objects: ObjectLoader<PreparedResponse>;
  readonly store: GuardedStore;
}

export async function answerObjectMiss(
  deps: ObjectMissDeps,
  request: RequestView,
  key: string,
  contentType: string,
): Promise<ObjectAnswer> {
  const known = deps.objects.knownLarge(key);
  if (known) return streamFromStore(deps.store, request, known, contentType, undefined);

  const ifNoneMatch = request.header('if-none-match');
  if (request.method === 'HEAD' || ifNoneMatch !== undefined) {
    const info = await deps.store.stat(key);
    if (!info) throw new AppError('object_not_found', 'No such segment.');
    const etag = strongEtag(info.etag);
    if (ifNoneMatchHits(ifNoneMatch, etag)) {
      return {
        status: 304,
        headers: [
          'ETag',
          etag,
          'Cache-Control',
          IMMUTABLE_CACHE_CONTROL,
          'Accept-Ranges',
          'bytes',
          ...PLAYBACK_CORS_HEADERS,
        ],
        body: null,
      };
    }
    if (request.method === 'HEAD') {
      const range = rangeOf(request, info, etag);
      return { ...headersFor(info, contentType, range), body: null };
    }
  }

  const loaded = await deps.objects.load(key);
  if (loaded.kind === 'cached') {
    const answer = answerPrepared(loaded.object, request, true);
    if (answer === 'unsatisfiable') throw unsatisfiable(loaded.object.body.length);
    return answer;
  }
  return streamFromStore(deps.store, request, loaded.info, contentType, loaded.takeStream());
}

async function streamFromStore(
  store: GuardedStore,
  request: RequestView,
  info: ObjectInfo,
  contentType: string,
  opened: ObjectStream | undefined,
): Promise<ObjectAnswer> {
  const etag = strongEtag(info.etag);
  const ifNoneMatch = request.header('if-none-match');
  const range = rangeOf(request, info, etag);
  const wholeWanted =
    range.kind === 'none' && !ifNoneMatchHits(ifNoneMatch, etag) && request.method !== 'HEAD';
  if (!wholeWanted) opened?.body.destroy();
  if (ifNoneMatchHits(ifNoneMatch, etag)) {
    return {
      status: 304,
      headers: ['ETag', etag, 'Cache-Control', IMMUTABLE_CACHE_CONTROL, ...PLAYBACK_CORS_HEADERS],
      body: null,
    };
  }
  const { status, headers } = headersFor(info, contentType, range);
  if (request.method === 'HEAD') return { status, headers, body: null };
  const source =
    range.kind === 'range'
      ? await store.get(info.key, { start: range.start, end: range.end })
      : (opened ?? (await store.get(info.key)));
  return { status, headers, body: null, stream: source.body };
}

function rangeOf(
  request: RequestView,
  info: ObjectInfo,
  etag: string,
): Exclude<RangeDecision, { kind: 'unsatisfiable' }> {
  if (!ifRangeAllows(request.header('if-range'), etag)) return { kind: 'none' };
  const range = parseRange(request.header('range'), info.sizeBytes);
  if (range.kind === 'unsatisfiable') throw unsatisfiable(info.sizeBytes);
  return range;
}

function headersFor(
  info: ObjectInfo,
  contentType: string,
  range: Exclude<RangeDecision, { kind: 'unsatisfiable' }>,
): { status: 200 | 206; headers: string[] } {
  const common = [
    'Content-Type', contentType,
    'Accept-Ranges', 'bytes',
    'ETag', strongEtag(info.etag),
    'Cache-Control', IMMUTABLE_CACHE_CONTROL,
    ...PLAYBACK_CORS_HEADERS,
  ]; // prettier-ignore
  if (range.kind === 'none')
    return { status: 200, headers: [...common, 'Content-Length', String(info.sizeBytes)] };
  return {
    status: 206,
    headers: [
      ...common,
      'Content-Range', contentRange(range.start, range.end, info.sizeBytes),
      'Content-Length', String(range.end - range.start + 1),
    ], // prettier-ignore
  };
}

export function unsatisfiable(sizeBytes: number): AppError {
  return new AppError('range_not_satisfiable', 'The requested range starts past the end of the object.', {
    details: { sizeBytes },
  });
}
