import type { ByteRange } from '../ports.js';
import { AppError } from '../domain/errors.js';

/**
 * Callers validate ranges against the size first (the port says so); this is the adapters' last line of
 * defence, so a bad range fails the same way on every store instead of returning short or wrong bytes.
 */
export function assertRangeWithin(key: string, range: ByteRange, sizeBytes: number): void {
  const { start, end } = range;
  if (
    !Number.isSafeInteger(start) ||
    !Number.isSafeInteger(end) ||
    start < 0 ||
    end < start ||
    end >= sizeBytes
  ) {
    throw new AppError(
      'range_not_satisfiable',
      `Bytes ${start}-${end} are outside the object (${sizeBytes} bytes).`,
      {
        details: { key, start, end, sizeBytes },
      },
    );
  }
}

export function objectNotFound(key: string, cause?: unknown): AppError {
  return new AppError('object_not_found', 'The object does not exist.', {
    details: { key },
    ...(cause === undefined ? {} : { cause }),
  });
}
