/**
 * Serves one stored object to a local ffmpeg over HTTP with Range support, for stores that give the tools
 * no URL of their own (pipeline/source-input.ts), so a chunk job reads only the bytes of its window (plus
 * the container index) instead of downloading the whole source: ffmpeg's http protocol seeks with Range
 * requests, and `-ss` before `-i` jumps straight to the keyframe before the window. Listens on 127.0.0.1 on
 * a random port, for one job; close() ends it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../domain/errors.js';
import type { Logger, ObjectStore } from '../ports.js';

export interface ObjectSourceServer {
  /** `http://127.0.0.1:<port>/source`: the input URL for ffmpeg and ffprobe. */
  readonly url: string;
  close(): Promise<void>;
}

export async function serveObject(
  store: ObjectStore,
  key: string,
  logger?: Logger,
): Promise<ObjectSourceServer> {
  const info = await store.stat(key);
  if (!info) throw sourceGone(key);
  const size = info.sizeBytes;
  const server = http.createServer((request, response) => {
    const range = parseRange(request.headers.range, size);
    if (range === 'unsatisfiable') {
      response.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    const { start, end } = range ?? { start: 0, end: size - 1 };
    const headers: Record<string, string | number> = {
      'content-type': info.contentType,
      'content-length': size === 0 ? 0 : end - start + 1,
      'accept-ranges': 'bytes',
    };
    if (range) headers['content-range'] = `bytes ${start}-${end}/${size}`;
    response.writeHead(range ? 206 : 200, headers);
    if (request.method === 'HEAD' || size === 0) {
      response.end();
      return;
    }
    const serve = async () => {
      const { body } = await store.get(key, { start, end });
      await pipeline(body, response);
    };
    // ffmpeg closes a connection as soon as it seeks elsewhere: a premature close is normal here.
    serve().catch((error: unknown) => {
      if (!response.destroyed && !response.writableEnded) {
        logger?.warn({ err: error, key }, 'source range read failed');
        response.destroy();
      }
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/source`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sourceGone(key: string): AppError {
  return new AppError('object_not_found', 'The uploaded source is no longer in storage.', {
    details: { key },
  });
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n`; null for no (or an unusable) header, which serves everything. */
function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | 'unsatisfiable' {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match) return null;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return null;
  if (from === '') {
    const length = Math.min(Number(to), size);
    return length === 0 ? 'unsatisfiable' : { start: size - length, end: size - 1 };
  }
  const start = Number(from);
  if (start >= size) return 'unsatisfiable';
  return { start, end: to === '' ? size - 1 : Math.min(Number(to), size - 1) };
}
