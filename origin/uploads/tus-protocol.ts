/**
 * The tus 1.0 core protocol details ScalaCast speaks (https://tus.io/protocols/resumable-upload): version
 * negotiation, Upload-Metadata, Upload-Expires. Extensions: creation, expiration, termination.
 */
import { AppError } from '../../packager/domain/errors.js';

export const TUS_VERSION = '1.0.0';
export const TUS_EXTENSIONS = 'creation,expiration,termination';
export const TUS_CONTENT_TYPE = 'application/offset+octet-stream';

/** Headers every tus answer carries. */
export function tusHeaders(): Record<string, string> {
  return { 'Tus-Resumable': TUS_VERSION, 'Cache-Control': 'no-store' };
}

/** Every tus request but OPTIONS must name the protocol version it speaks (412 otherwise). */
export function assertTusResumable(header: string | undefined): void {
  if (header !== TUS_VERSION) {
    throw new AppError(
      'precondition_failed',
      `This server speaks tus ${TUS_VERSION}: send Tus-Resumable: ${TUS_VERSION}.`,
      {
        details: { supported: TUS_VERSION },
      },
    );
  }
}

/** A non-negative integer header (Upload-Length, Upload-Offset), or an invalid_request naming it. */
export function integerHeader(name: string, value: string | undefined): number {
  const parsed = value !== undefined && /^\d{1,16}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(parsed)) {
    throw new AppError('invalid_request', `${name} must be a non-negative integer.`, {
      details: { errors: [{ field: name, message: 'a non-negative integer' }] },
    });
  }
  return parsed;
}

/**
 * `Upload-Metadata: key base64,key2 base64` -> decoded UTF-8 values (a key without a value maps to '').
 * Keys must be unique and free of spaces and commas.
 */
export function parseUploadMetadata(header: string | undefined): Map<string, string> {
  const pairs = new Map<string, string>();
  if (header === undefined || header.trim() === '') return pairs;
  for (const item of header.split(',')) {
    const [key = '', encoded, extra] = item.trim().split(' ');
    if (
      !/^[\x21-\x7e]+$/.test(key) ||
      pairs.has(key) ||
      extra !== undefined ||
      (encoded !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded))
    ) {
      throw new AppError(
        'invalid_request',
        'Upload-Metadata must be comma-separated "key base64value" pairs with unique keys.',
        {
          details: {
            errors: [
              {
                field: 'Upload-Metadata',
                message: `cannot read ${JSON.stringify(item.trim().slice(0, 60))}`,
              },
            ],
          },
        },
      );
    }
    pairs.set(key, encoded === undefined ? '' : Buffer.from(encoded, 'base64').toString('utf8'));
  }
  return pairs;
}

/** Upload-Metadata for an answer (what the client sent, re-encoded). */
export function formatUploadMetadata(values: Readonly<Record<string, string | null>>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([key, value]) => `${key} ${Buffer.from(value, 'utf8').toString('base64')}`)
    .join(',');
}

/** Upload-Expires is an RFC 9110 HTTP-date. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}
