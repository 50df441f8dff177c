/**
 * The Prober port on ffprobe. A plain child process rather than fluent-ffmpeg's ffprobe(): that one parses
 * ffprobe's legacy key=value output (losing the nested side_data_list where rotation lives) and takes neither
 * a timeout nor an AbortSignal.
 */
import { execFile } from 'node:child_process';
import { AppError } from '../domain/errors.js';
import type { SourceMedia } from '../domain/media-source.js';
import type { MediaToolOptions, Prober } from '../ports.js';
import { sourceInputOptions } from './args.js';
import { cleanStderrLines } from './clean-stderr.js';
import { mapFfprobeOutput } from './map-ffprobe-output.js';

export interface FfprobeProberOptions {
  /** The ffprobe binary (`ffprobe` to use PATH). */
  readonly ffprobePath: string;
  /** ffprobe reads headers only; a probe taking longer than this is stuck. Default 30 s. */
  readonly timeoutMs?: number;
}

const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

export function createFfprobeProber(options: FfprobeProberOptions): Prober {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    async probe(filePath: string, toolOptions: MediaToolOptions = {}): Promise<SourceMedia> {
      const { signal, logger } = toolOptions;
      if (signal?.aborted === true) throw cancelled();
      const args = [
        '-v', 'error', // only real problems on stderr: they become the message a person reads
        '-print_format', 'json', // machine-readable, with nested side data (display matrix)
        '-show_format', // container name and duration
        '-show_streams', // codecs, sizes, rates, colour, rotation
        ...sourceInputOptions(filePath),
        filePath,
      ]; // prettier-ignore
      const { stdout, stderr } = await run(options.ffprobePath, args, filePath, timeoutMs, signal);
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch (cause) {
        const lines = cleanStderrLines(stderr, [{ path: filePath, label: 'the upload' }]);
        throw unreadable(lines[0] ?? 'ffprobe printed no description of it', cause, lines);
      }
      const media = mapFfprobeOutput(json);
      logger?.debug({ media }, 'source probed');
      return media;
    },
  };
}

interface RunOutput {
  readonly stdout: string;
  readonly stderr: string;
}

function run(
  ffprobePath: string,
  args: readonly string[],
  filePath: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<RunOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      ffprobePath,
      args,
      { encoding: 'utf8', maxBuffer: MAX_OUTPUT_BYTES, timeout: timeoutMs, killSignal: 'SIGKILL', signal },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ stdout, stderr });
          return;
        }
        if (signal?.aborted === true) {
          reject(cancelled(error));
          return;
        }
        const failure = error as NodeJS.ErrnoException & { killed?: boolean };
        if (typeof failure.code === 'string') {
          reject(
            new AppError('internal', `ffprobe could not be started (${failure.code}): check FFPROBE_PATH.`, {
              cause: error,
              details: { ffprobePath },
            }),
          );
          return;
        }
        if (failure.killed === true) {
          reject(
            new AppError(
              'source_unreadable',
              `Reading the upload took longer than ${Math.round(timeoutMs / 1000)} s; it may be damaged.`,
              { retryable: true, cause: error },
            ),
          );
          return;
        }
        const lines = cleanStderrLines(stderr, [{ path: filePath, label: 'the upload' }]);
        reject(unreadable(lines[0] ?? `ffprobe exited with code ${String(failure.code)}`, error, lines));
      },
    );
  });
}

function unreadable(reason: string, cause: unknown, lines: readonly string[] = []): AppError {
  return new AppError('source_unreadable', `The upload is not a video file ffprobe can read: ${reason}`, {
    retryable: false,
    cause,
    details: { ffprobe: lines },
  });
}

function cancelled(cause?: unknown): AppError {
  return new AppError('cancelled', 'Probing the upload was cancelled.', { cause });
}
