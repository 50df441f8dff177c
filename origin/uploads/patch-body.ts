/**
 * A tus PATCH body as a stream for ObjectStore.put, limited to what this request may carry: at most the
 * configured chunk size (so requests stay below proxy limits) and never past Upload-Length.
 */
import { Readable } from 'node:stream';
import { AppError } from '../../packager/domain/errors.js';
import type { BodyChunks } from '../http/request-body.js';

export interface PatchBody {
  readonly body: Readable | null;
  /** Known when the client sent Content-Length. */
  readonly sizeBytes: number | undefined;
  exceeded(): AppError | null;
}

/** `body`: the request's body (http/request-body.ts), read from here on by this PATCH only. */
export function openPatchBody(
  request: Request,
  body: BodyChunks | null,
  chunkBytes: number,
  remainingBytes: number,
): PatchBody {
  const limit = Math.min(chunkBytes, remainingBytes);
  const tooLarge = (): AppError =>
    limit === remainingBytes && remainingBytes < chunkBytes
      ? new AppError('payload_too_large', `The body goes past Upload-Length: ${remainingBytes} bytes remain.`)
      : new AppError(
          'payload_too_large',
          `Send chunks of at most ${chunkBytes} bytes (UPLOAD_CHUNK_BYTES).`,
          {
            details: { maxChunkBytes: chunkBytes },
          },
        );
  const lengthHeader = request.headers.get('content-length');
  const declared = lengthHeader === null ? undefined : Number(lengthHeader);
  if (declared !== undefined && declared > limit) throw tooLarge();
  if (declared === 0 || body === null) return { body: null, sizeBytes: 0, exceeded: () => null };

  const chunks = body;
  let exceeded: AppError | null = null;
  async function* limited(): AsyncGenerator<Uint8Array> {
    let received = 0;
    try {
      for (;;) {
        const { value, done } = await chunks.next();
        if (done) return;
        received += value.byteLength;
        if (received > limit) {
          exceeded = tooLarge();
          throw exceeded;
        }
        yield value;
      }
    } finally {
      await chunks.return();
    }
  }
  return {
    body: Readable.from(limited(), { objectMode: false }),
    sizeBytes: declared,
    exceeded: () => exceeded,
  };
}
