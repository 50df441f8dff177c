/**
 * ffmpeg as a plain spawn, for the short runs that have no progress to follow (images, the sampled
 * complexity probe). Errors only on stderr; the tail of it goes into the error's details.
 */
import { spawn } from 'node:child_process';
import { AppError } from '../domain/errors.js';
import { cleanStderrLines, type PathLabel } from './clean-stderr.js';

export interface ShortRunOptions {
  readonly signal?: AbortSignal | undefined;
  /** What failed, for a person: `The images of the video could not be rendered.` */
  readonly failure: string;
  /** What was cancelled: `Image rendering was cancelled.` */
  readonly cancelled: string;
  /** Paths named for a person in the error's stderr lines (the source's URL: `the upload`). */
  readonly paths?: readonly PathLabel[];
}

export function runFfmpegToEnd(
  ffmpegPath: string,
  args: readonly string[],
  options: ShortRunOptions,
): Promise<void> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(new AppError('cancelled', options.cancelled));
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(new AppError('internal', `ffmpeg could not be started: ${error.message}`, { cause: error }));
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) return reject(new AppError('cancelled', options.cancelled));
      if (code === 0) return resolve();
      reject(
        new AppError('transcode_failed', options.failure, {
          details: { exitCode: code, stderrTail: cleanStderrLines(stderr, options.paths ?? []).slice(-10) },
        }),
      );
    });
  });
}
