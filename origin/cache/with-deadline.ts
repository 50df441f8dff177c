import { AppError } from '../../packager/domain/errors.js';

/**
 * `pending`, or a retryable `upstream_timeout` (with `message`) after `timeoutMs`. A value that arrives too
 * late is handed to `discard` (to close a stream nobody will read).
 */
export function withDeadline<T>(
  pending: Promise<T>,
  timeoutMs: number,
  message: string,
  discard: (late: T) => void = () => undefined,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      reject(new AppError('upstream_timeout', message, { retryable: true, details: { timeoutMs } }));
    }, timeoutMs);
    pending.then(
      (value) => {
        clearTimeout(timer);
        if (timedOut) discard(value);
        else resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!timedOut) reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
