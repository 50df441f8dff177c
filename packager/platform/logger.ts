/**
 * One pino root logger per process; `child()` per request and per job. Authorization headers, cookies,
 * tokens and presigned query strings are redacted wherever they appear in a logged object.
 */
import { pino } from 'pino';
import type { Logger } from '../ports.js';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  '*.secretKey',
  '*.accessKey',
  '*.token',
  '*.bootstrapKey',
  'url.search',
];

export interface LoggerOptions {
  readonly level: string;
  /** Static bindings on every line, e.g. { service: 'origin' }. */
  readonly base: Record<string, unknown>;
  /** Where lines go; stdout by default. Tests pass a stream to read them back. */
  readonly destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): Logger & { flush(): void } {
  return pino(
    {
      level: options.level,
      base: { pid: process.pid, ...options.base },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? process.stdout,
  );
}
