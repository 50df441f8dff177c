/**
 * The Transcoder port on ffmpeg, run through fluent-ffmpeg. fluent-ffmpeg (archived upstream in 2025) is
 * confined to this file: the argument list comes from the pure args.ts, so replacing it with a plain spawn
 * touches runFfmpeg() only.
 */
import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import os from 'node:os';
import ffmpeg from 'fluent-ffmpeg';
import { AppError } from '../domain/errors.js';
import type { LadderPlan } from '../domain/ladder-plan.js';
import type { Logger, TranscodedRendition, TranscodeOptions, Transcoder } from '../ports.js';
import { prepareImageFolders } from '../images/rendered-images.js';
import { buildTranscodeCommand, type TranscodeCommand } from './args.js';
import { cleanStderrLines, type PathLabel, withoutUrlQueries } from './clean-stderr.js';
import { collectRenditions } from './collect-renditions.js';
import type { ToneMapFilter } from './filter-graph.js';
import { createProgressParser } from './progress-parser.js';
import { watchSegments } from './segment-watcher.js';

export interface FfmpegTranscoderOptions {
  /** The ffmpeg binary (`ffmpeg` to use PATH). */
  readonly ffmpegPath: string;
  readonly logger?: Logger;
  /** Time ffmpeg gets to stop after SIGTERM before SIGKILL, on abort. Default 1500 ms. */
  readonly killGraceMs?: number;
}

const STDERR_TAIL_LINES = 20;
/**
 * swscale's notice, once per picture, when it converts to the full-range (yuvj) formats the JPEG image
 * outputs need: expected, never a cause, and it would push the lines that are out of the stderr tail.
 */
const EXPECTED_NOTICE = /deprecated pixel format used, make sure you did set range correctly/;

export function createFfmpegTranscoder(options: FfmpegTranscoderOptions): Transcoder {
  let toneMapFilter: Promise<ToneMapFilter> | undefined;
  const detectToneMapFilter = (): Promise<ToneMapFilter> => {
    toneMapFilter ??= detectFilters(options.ffmpegPath);
    return toneMapFilter;
  };

  const capabilitiesKnown = askCapabilities(options.ffmpegPath);

  return {
    async transcode(
      sourcePath: string,
      plan: LadderPlan,
      outputDir: string,
      transcodeOptions: TranscodeOptions = {},
    ): Promise<readonly TranscodedRendition[]> {
      const logger = transcodeOptions.logger ?? options.logger;
      if (transcodeOptions.signal?.aborted === true) throw cancelled();
      const filter = plan.toneMap ? await detectToneMapFilter() : 'zscale';
      if (plan.toneMap && filter === 'none') {
        logger?.warn(
          { ffmpegPath: options.ffmpegPath },
          'ffmpeg has no zscale filter: hdr is not tone-mapped',
        );
      }
      const command = buildTranscodeCommand({
        sourcePath,
        plan,
        outputDir,
        threads: transcodeOptions.threads ?? 0,
        toneMapFilter: filter,
        ...(transcodeOptions.window ? { window: transcodeOptions.window } : {}),
        ...(transcodeOptions.images ? { images: transcodeOptions.images } : {}),
        ...(transcodeOptions.frames !== undefined ? { frames: transcodeOptions.frames } : {}),
      });
      if (transcodeOptions.images) await prepareImageFolders(transcodeOptions.images.dir);
      await capabilitiesKnown;
      const startedMs = performance.now();
      const { onSegmentsWritten } = transcodeOptions;
      const watcher = onSegmentsWritten ? watchSegments(outputDir, plan, onSegmentsWritten, logger) : null;
      try {
        await runFfmpeg(options, command, transcodeOptions, logger, [
          { path: outputDir, label: 'the output folder' },
          { path: sourcePath, label: 'the upload' },
        ]);
      } finally {
        await watcher?.stop();
      }
      logger?.debug({ elapsedMs: Math.round(performance.now() - startedMs) }, 'ffmpeg finished');
      // ffmpeg's segments as written: merging a short tail (M5) is the describe stage's decision, made for
      // every rendition at once so boundaries stay aligned, and publish joins the files.
      return collectRenditions(outputDir, plan);
    },
  };
}

/**
 * Before the first command of a process, fluent-ffmpeg asks ffmpeg for its formats and its encoders (two
 * runs one after the other: 0.16 s here, more on busy cores) and keeps the answers for the process. Asked as
 * the transcoder is made, a worker's first job does not wait for them: in the benchmark, every run's only
 * encode. A failure is left for the command itself to report.
 */
function askCapabilities(ffmpegPath: string): Promise<void> {
  const fluent = ffmpeg().setFfmpegPath(ffmpegPath);
  return new Promise((resolve) => {
    fluent.availableFormats(() => fluent.availableEncoders(() => resolve()));
  });
}

/** Builds the fluent-ffmpeg command for `command` (exported so tests can compare its argv with args.ts). */
export function createFluentCommand(ffmpegPath: string, command: TranscodeCommand): ffmpeg.FfmpegCommand {
  // fluent keeps the binary path in a process-wide cache; set it on every command so the last transcoder
  // created cannot redirect another's (one path per process is still assumed).
  const fluent = ffmpeg({ stdoutLines: STDERR_TAIL_LINES }).setFfmpegPath(ffmpegPath);
  // Varargs, never an array: with an array, fluent splits every element holding exactly one space
  // ("id=0,streams=0 id=1,streams=1") into two arguments.
  fluent.input(command.sourcePath).inputOptions(...command.inputArgs);
  for (const output of command.outputs) fluent.output(output.path).outputOptions(...output.args);
  return fluent;
}

function runFfmpeg(
  options: FfmpegTranscoderOptions,
  command: TranscodeCommand,
  transcodeOptions: TranscodeOptions,
  logger: Logger | undefined,
  paths: readonly PathLabel[],
): Promise<void> {
  const { signal, onProgress } = transcodeOptions;
  const fluent = createFluentCommand(options.ffmpegPath, command);
  const stderrTail: string[] = [];
  const feedProgress = createProgressParser(
    transcodeOptions.sourceDurationMs,
    (percent) => onProgress?.(percent),
    transcodeOptions.onEncodedTo,
  );
  let child: ChildProcess | undefined;
  let abortRequested = false;
  let killTimer: NodeJS.Timeout | undefined;

  const terminate = (): void => {
    fluent.kill('SIGTERM');
    killTimer = setTimeout(() => fluent.kill('SIGKILL'), options.killGraceMs ?? 1500);
  };
  const onAbort = (): void => {
    abortRequested = true;
    if (child !== undefined) terminate(); // else: killed as soon as it starts
  };

  return new Promise<void>((resolve, reject) => {
    const settle = (error?: AppError): void => {
      clearTimeout(killTimer);
      signal?.removeEventListener('abort', onAbort);
      if (error === undefined) resolve();
      else reject(error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    fluent.on('start', () => {
      child = (fluent as unknown as { ffmpegProc?: ChildProcess }).ffmpegProc;
      child?.stdout?.setEncoding('utf8');
      child?.stdout?.on('data', (chunk: string) => feedProgress(chunk));
      const logged = { ...command, sourcePath: withoutUrlQueries(command.sourcePath) };
      logger?.debug({ pid: child?.pid, args: logged }, 'ffmpeg started');
      if (transcodeOptions.priority === 'background') lowerPriority(child?.pid, logger);
      if (abortRequested) terminate();
    });
    fluent.on('stderr', (line: string) => {
      if (EXPECTED_NOTICE.test(line)) return;
      stderrTail.push(line);
      if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
    });
    fluent.on('end', () => settle(abortRequested ? cancelled() : undefined));
    fluent.on('error', (error: Error) => {
      if (abortRequested) return settle(cancelled(error));
      // exitCode/signalCode, not an 'exit' listener: fluent's own listener reports the error first.
      const exit = child === undefined ? undefined : { code: child.exitCode, signal: child.signalCode };
      settle(toAppError(error, exit, cleanStderrLines(stderrTail, paths)));
    });
    fluent.run();
  });
}

function toAppError(
  error: Error,
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined,
  stderrTail: readonly string[],
): AppError {
  if (exit === undefined) {
    return new AppError('internal', `ffmpeg could not be started: ${error.message}. Check FFMPEG_PATH.`, {
      cause: error,
    });
  }
  if (exit.signal !== null) {
    // Not ours (we only signal on abort): the OOM killer or an operator. Worth another attempt.
    return new AppError(
      'transcode_failed',
      `The encoder was stopped by signal ${exit.signal} before finishing.`,
      {
        retryable: true,
        cause: error,
        details: { signal: exit.signal, stderrTail },
      },
    );
  }
  // With -loglevel level+warning the first [error]/[fatal] line is the cause; later ones are consequences
  // ("Error initializing output stream").
  const firstError = stderrTail.find((line) => /^\[(error|fatal|panic)\]/.test(line)) ?? stderrTail[0];
  const reason = firstError?.replace(/^\[[a-z]+\]\s*/, '') ?? `exit code ${String(exit.code)}`;
  return new AppError('transcode_failed', `The video could not be encoded: ${reason}`, {
    retryable: false,
    cause: error,
    details: { exitCode: exit.code, stderrTail },
  });
}

function cancelled(cause?: unknown): AppError {
  return new AppError('cancelled', 'The transcode was cancelled.', { cause });
}

/** zscale when this ffmpeg has zscale and tonemap (Debian's has libzimg), else the plain fallback. */
function detectFilters(ffmpegPath: string): Promise<ToneMapFilter> {
  return new Promise((resolve) => {
    execFile(
      ffmpegPath,
      ['-hide_banner', '-filters'],
      { encoding: 'utf8', timeout: 10_000 },
      (error, stdout) => {
        const has = (name: string): boolean => new RegExp(`^\\s*\\S+\\s+${name}\\s`, 'm').test(stdout);
        resolve(error === null && has('zscale') && has('tonemap') ? 'zscale' : 'none');
      },
    );
  });
}

/** How much nicer than its worker a background encode runs (niceness is capped at 19). */
const BACKGROUND_NICENESS_STEP = 10;

function lowerPriority(pid: number | undefined, logger: Logger | undefined): void {
  if (pid === undefined) return;
  try {
    os.setPriority(pid, Math.min(19, os.getPriority() + BACKGROUND_NICENESS_STEP));
  } catch (error) {
    // The process may already be gone, or the platform may refuse: the encode runs at normal priority.
    logger?.debug({ pid, err: error }, 'could not lower the priority of ffmpeg');
  }
}
