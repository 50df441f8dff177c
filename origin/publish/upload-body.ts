/**
 * The bytes of an upload, as a stream for ObjectStore.put: either the raw request body or the `file` field
 * of a multipart/form-data body. Never buffered whole. Refuses before reading when Content-Length is over
 * the limit or zero; refuses an empty stream before any storage call; and fails the stream with
 * `payload_too_large` as soon as it passes the limit, so the store keeps nothing.
 */
import { Readable } from 'node:stream';
import { AppError } from '../../packager/domain/errors.js';
import { STREAM_STAGE_BYTES } from '../../packager/storage/measuring-transform.js';
import type { BodyChunks } from '../http/request-body.js';
import { multipartBoundary, openMultipartFile } from './multipart-file.js';

export interface UploadBody {
  readonly body: Readable;
  readonly contentType: string;
  /** Known for a raw body with Content-Length: lets the store stream to S3 without buffering. */
  readonly sizeBytes?: number;
  /** True once the stream failed because it passed the limit, whatever error the store reports. */
  exceededLimit(): boolean;
  /** True when the client went away before the upload ended. */
  clientGone(): boolean;
  /** Why the stream failed when its source knows better than the store (a URL ingest's deadline). */
  failure?(): Error | null;
}

/** Room for the multipart envelope (boundaries, part headers, small fields) on top of the file limit. */
const MULTIPART_ENVELOPE_BYTES = 64 * 1024;

/** `body`: the request's body (http/request-body.ts), read from here on by this upload only. */
export async function openUploadBody(
  request: Request,
  body: BodyChunks | null,
  maxBytes: number,
): Promise<UploadBody> {
  const boundary = multipartBoundary(request.headers.get('content-type') ?? undefined);
  const declared = declaredLength(request.headers.get('content-length'));
  if (declared !== null && declared > maxBytes + (boundary ? MULTIPART_ENVELOPE_BYTES : 0)) {
    throw tooLarge(maxBytes);
  }
  if (declared === 0 || !body) throw emptyBody();

  const chunks = body;
  let contentType = request.headers.get('content-type') || 'application/octet-stream';
  let bytes: AsyncIterator<Uint8Array> = chunks;
  let first: Uint8Array | null;
  try {
    if (boundary) {
      const file = await openMultipartFile(chunks, boundary, 'file');
      if (!file) throw new AppError('invalid_request', 'The multipart body has no "file" field.');
      contentType = file.contentType;
      bytes = file.bytes;
    }
    first = await firstNonEmptyChunk(bytes);
    if (!first) throw emptyBody();
  } catch (error) {
    await chunks.return();
    throw error;
  }
  let exceeded = false;
  async function* limited(): AsyncGenerator<Uint8Array> {
    let sizeBytes = 0;
    try {
      for (let chunk: Uint8Array | null = first; chunk; chunk = await nextChunk(bytes)) {
        sizeBytes += chunk.byteLength;
        if (sizeBytes > maxBytes) {
          exceeded = true;
          throw tooLarge(maxBytes);
        }
        yield chunk;
      }
    } finally {
      // Stop reading the request when the store gives up early (limit, storage error).
      await chunks.return();
    }
  }

  return {
    body: Readable.from(limited(), { objectMode: false, highWaterMark: STREAM_STAGE_BYTES }),
    contentType,
    ...(boundary || declared === null ? {} : { sizeBytes: declared }),
    exceededLimit: () => exceeded,
    clientGone: () => request.signal.aborted,
  };
}

async function nextChunk(bytes: AsyncIterator<Uint8Array>): Promise<Uint8Array | null> {
  const next = await bytes.next();
  return next.done ? null : next.value;
}

async function firstNonEmptyChunk(bytes: AsyncIterator<Uint8Array>): Promise<Uint8Array | null> {
  for (let chunk = await nextChunk(bytes); chunk; chunk = await nextChunk(bytes)) {
    if (chunk.byteLength > 0) return chunk;
  }
  return null;
}

function declaredLength(header: string | null): number | null {
  if (header === null || !/^\d+$/.test(header.trim())) return null;
  return Number(header.trim());
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', `The upload is larger than the limit of ${maxBytes} bytes.`, {
    details: { maxBytes },
  });
}

function emptyBody(): AppError {
  return new AppError('empty_body', 'The upload is empty: send the video as the request body.');
}
