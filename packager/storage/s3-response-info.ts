import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { AppError } from '../domain/errors.js';
import type { ByteRange, ObjectStream } from '../ports.js';
import { assertRangeWithin } from './byte-range-check.js';

/** S3 quotes ETags (`"abc"`); the store reports them bare, the same on every path (put, stat, get, list). */
export function stripQuotes(etag: string): string {
  return etag.replace(/^"|"$/g, '');
}

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+)$/;

/** Skips `skipBytes`, passes `takeBytes`, then stops reading (and so destroys) the source. */
async function* byteWindow(source: Readable, skipBytes: number, takeBytes: number): AsyncGenerator<Buffer> {
  let skip = skipBytes;
  let remaining = takeBytes;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    let part = chunk;
    if (skip > 0) {
      if (part.length <= skip) {
        skip -= part.length;
        continue;
      }
      part = part.subarray(skip);
      skip = 0;
    }
    if (part.length >= remaining) {
      yield part.subarray(0, remaining);
      return;
    }
    remaining -= part.length;
    yield part;
  }
}

/**
 * The object's info and body from a GET answer. For a ranged GET the total size comes from Content-Range and
 * the range served is checked against the one asked: S3 silently shortens a range that runs past the end
 * (the port promises `range_not_satisfiable` instead), and some S3-compatible servers answer more than asked
 * (s3rver sends the whole object for `bytes=0-0`), which is cut down here.
 */
export function readGetAnswer(
  key: string,
  response: IncomingMessage,
  range: ByteRange | undefined,
): ObjectStream {
  const { headers } = response;
  const etag = stripQuotes(headers.etag ?? '');
  const contentType = headers['content-type'] ?? 'application/octet-stream';
  const lengthBytes = Number(headers['content-length']);
  if (!range) return { info: { key, sizeBytes: lengthBytes, etag, contentType }, body: response };
  const match = CONTENT_RANGE.exec(headers['content-range'] ?? '');
  // No Content-Range: a 200 carrying the whole object.
  const servedStart = match ? Number(match[1]) : 0;
  const servedEnd = match ? Number(match[2]) : lengthBytes - 1;
  const sizeBytes = match ? Number(match[3]) : lengthBytes;
  assertRangeWithin(key, range, sizeBytes);
  if (servedStart > range.start || servedEnd < range.end) {
    throw new AppError('internal', 'The object store served a different byte range than asked.', {
      details: { key, start: range.start, end: range.end },
    });
  }
  const info = { key, sizeBytes, etag, contentType };
  if (servedStart === range.start && servedEnd === range.end) return { info, body: response };
  const window = byteWindow(response, range.start - servedStart, range.end - range.start + 1);
  return { info, body: Readable.from(window, { objectMode: false }) };
}
