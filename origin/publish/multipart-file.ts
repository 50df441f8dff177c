/**
 * A streaming reader of the one file field of a `multipart/form-data` upload (RFC 7578). Nothing is
 * buffered beyond one network chunk plus a delimiter's length, so a multi-gigabyte file streams straight
 * into storage. Parts before the file (small text fields) are skipped within a size budget; whatever follows
 * the file part is not read. No multipart parser ships with the runtime dependencies, hence this one.
 */
import { AppError } from '../../packager/domain/errors.js';

export interface MultipartFile {
  /** The part's own Content-Type, `application/octet-stream` when it sends none. */
  readonly contentType: string;
  /** The file's bytes; throws `invalid_request` if the body ends before the part is closed. */
  readonly bytes: AsyncGenerator<Buffer, void, undefined>;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 16 * 1024;
/** Preamble plus any fields before the file: generous for a title or two, small next to any video. */
const MAX_SKIPPED_BYTES = 64 * 1024;
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

/** The boundary of a `multipart/form-data` Content-Type, or null when the type is something else. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\s*(;|$)/i.test(contentType)) return null;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary || !BOUNDARY.test(boundary)) {
    throw new AppError('invalid_request', 'The multipart Content-Type has no valid boundary.');
  }
  return boundary;
}

/**
 * Reads `source` up to the start of the part named `fieldName` and returns it, or null when the body has
 * no such part. The caller must consume or `return()` the returned generator.
 */
export async function openMultipartFile(
  source: AsyncIterator<Uint8Array>,
  boundary: string,
  fieldName: string,
): Promise<MultipartFile | null> {
  // The first delimiter may open the body without a CRLF before it; pretend there was one.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let buffer: Buffer = Buffer.from(CRLF);
  let ended = false;
  let skippedBytes = 0;

  const pull = async (): Promise<boolean> => {
    if (ended) return false;
    const next = await source.next();
    if (next.done) {
      ended = true;
      return false;
    }
    buffer =
      buffer.length === 0
        ? Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength)
        : Buffer.concat([buffer, next.value]);
    return true;
  };
  const truncated = () =>
    new AppError('invalid_request', 'The multipart body ended in the middle of a part.');
  const skip = (count: number) => {
    skippedBytes += count;
    if (skippedBytes > MAX_SKIPPED_BYTES) {
      throw new AppError(
        'invalid_request',
        `The multipart body has too much before its "${fieldName}" field.`,
      );
    }
    buffer = buffer.subarray(count);
  };

  /** Discards bytes up to and including the next delimiter; false when the body ends first. */
  const skipPastDelimiter = async (): Promise<boolean> => {
    for (;;) {
      const at = buffer.indexOf(delimiter);
      if (at >= 0) {
        skip(at + delimiter.length);
        return true;
      }
      skip(Math.max(0, buffer.length - delimiter.length + 1));
      if (!(await pull())) return false;
    }
  };

  if (!(await skipPastDelimiter())) return null;
  for (;;) {
    // After a delimiter: `--` closes the body, otherwise optional padding, CRLF, headers, CRLF CRLF.
    while (buffer.length < 2 && (await pull()));
    if (buffer.subarray(0, 2).toString('latin1') === '--') return null;
    let headerEnd = buffer.indexOf(HEADER_END);
    while (headerEnd < 0) {
      if (buffer.length > MAX_HEADER_BYTES)
        throw new AppError('invalid_request', 'A multipart header is too long.');
      if (!(await pull())) throw truncated();
      headerEnd = buffer.indexOf(HEADER_END);
    }
    const lineEnd = buffer.indexOf(CRLF);
    const headers = parsePartHeaders(buffer.subarray(lineEnd + 2, headerEnd).toString('utf8'));
    skip(headerEnd + HEADER_END.length);
    if (headers.name === fieldName) {
      return { contentType: headers.contentType ?? 'application/octet-stream', bytes: partBytes() };
    }
    if (!(await skipPastDelimiter())) throw truncated();
  }

  async function* partBytes(): AsyncGenerator<Buffer, void, undefined> {
    for (;;) {
      const at = buffer.indexOf(delimiter);
      if (at >= 0) {
        if (at > 0) yield buffer.subarray(0, at);
        return;
      }
      // Keep a possible partial delimiter at the end for the next round.
      const safe = buffer.length - delimiter.length + 1;
      if (safe > 0) {
        yield buffer.subarray(0, safe);
        buffer = buffer.subarray(safe);
      }
      if (!(await pull())) throw truncated();
    }
  }
}

interface PartHeaders {
  readonly name: string | null;
  readonly contentType: string | null;
}

function parsePartHeaders(block: string): PartHeaders {
  let name: string | null = null;
  let contentType: string | null = null;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const header = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (header === 'content-disposition') {
      const match = /;\s*name=(?:"([^"]*)"|([^;\s]+))/i.exec(value);
      name = match?.[1] ?? match?.[2] ?? null;
    } else if (header === 'content-type') {
      contentType = value;
    }
  }
  return { name, contentType };
}
