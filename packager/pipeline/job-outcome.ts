/**
 * How a packaging job ends when something goes wrong, in one place for every job kind (whole source, chunk
 * part, stage finish):
 *
 * - aborted because the asset was deleted or superseded: whatever this revision wrote goes, unless players
 *   already see it (a committed preview); rethrown as `cancelled`.
 * - aborted because the worker is shutting down or lost the job's lock: another attempt will run (or already
 *   runs) and overwrites the same keys, so shared output stays; rethrown.
 * - a retryable failure with attempts left: rethrown for the queue's backoff.
 * - anything else: the asset ends `errored` with a message for a person, the revision's output is removed
 *   (unless it is the committed preview), and the error is returned.
 */
import { AppError, isAppError, toAppError } from '../domain/errors.js';
import { revisionPrefix } from '../domain/object-keys.js';
import type { Catalog, Logger, ObjectStore } from '../ports.js';

/** Why a job's AbortSignal fired; the consumer puts it in the reason's details as `abortCause`. */
export type AbortCause = 'cancelled' | 'shutdown' | 'lock-lost';

export function abortReason(cause: AbortCause, message: string): AppError {
  return new AppError('cancelled', message, {
    retryable: cause !== 'cancelled',
    details: { abortCause: cause },
  });
}

export function abortCauseOf(signal: AbortSignal): AbortCause | null {
  if (!signal.aborted) return null;
  const reason: unknown = signal.reason;
  const cause = isAppError(reason) ? reason.details['abortCause'] : undefined;
  return cause === 'shutdown' || cause === 'lock-lost' ? cause : 'cancelled';
}

/** The thrown value as the AppError the job ends with: an aborted job is a cancellation, never the source's fault. */
export function failureOf(thrown: unknown, signal: AbortSignal): AppError {
  if (!signal.aborted) return toAppError(thrown);
  const reason: unknown = signal.reason;
  return isAppError(reason)
    ? reason
    : new AppError('cancelled', 'Packaging was cancelled', { cause: reason });
}

/**
 * Removes a revision's objects unless the catalog shows it to players (its preview is committed). Safe to
 * call for a deleted asset (everything goes). Never throws: cleanup runs on paths that already fail.
 */
export async function discardRevisionOutput(
  deps: { readonly store: ObjectStore; readonly catalog: Catalog },
  assetId: string,
  revision: number,
  logger: Logger,
): Promise<void> {
  try {
    const asset = await deps.catalog.getAsset(assetId);
    if (asset?.currentRevision === revision) return;
    await deps.store.deletePrefix(revisionPrefix(assetId, revision));
  } catch (error) {
    logger.warn({ err: error, assetId, revision }, 'removing the output of a failed revision failed');
  }
}

/**
 * The outcome of a job whose revision was deleted or superseded while it worked: nobody will read its
 * output, unless its preview is current, so the rest is removed.
 */
export async function revisionGone(
  deps: { readonly store: ObjectStore; readonly catalog: Catalog },
  revision: { readonly assetId: string; readonly revision: number },
  logger: Logger,
): Promise<{ readonly status: 'gone' }> {
  await discardRevisionOutput(deps, revision.assetId, revision.revision, logger);
  return { status: 'gone' };
}

/** Internal errors keep their detail in the log; the asset shows a message fit for a publisher. */
export function publicMessage(error: AppError): string {
  if (error.code === 'internal')
    return 'Packaging failed because of an internal error; the operators have the details.';
  if (error.code === 'upstream_unavailable')
    return 'Packaging failed because storage or the queue was unavailable; retry later.';
  return error.message;
}

/** Lines of ffmpeg (`stderrTail`) or ffprobe (`ffprobe`) output the adapters put in details, for operators. */
export function toolOutput(error: AppError): { output?: string } {
  const lines = error.details['stderrTail'] ?? error.details['ffprobe'];
  if (!Array.isArray(lines) || lines.length === 0) return {};
  return { output: lines.map(String).join('\n').slice(-8_000) };
}

export interface FailureScope {
  readonly store: ObjectStore;
  readonly catalog: Catalog;
  readonly assetId: string;
  readonly revision: number;
  readonly signal: AbortSignal;
  readonly isFinalAttempt: boolean;
  readonly logger: Logger;
  /** Removes what only this attempt wrote (a part's scratch folder); runs on every failure. */
  readonly removeOwnOutput?: () => Promise<unknown>;
  /** Stops the revision's other jobs (a chunked run's running parts) once it has failed for good. */
  readonly stopSiblings?: () => Promise<void>;
}

/**
 * Settles a failed job per the rules above: resolves with the error when the asset was marked errored,
 * rejects with it when the queue should see the job fail or retry.
 */
export async function settleFailure(thrown: unknown, scope: FailureScope): Promise<AppError> {
  const error = failureOf(thrown, scope.signal);
  await scope.removeOwnOutput?.().catch(() => undefined);
  const cause = abortCauseOf(scope.signal);
  if (cause === 'cancelled' || (cause === null && error.code === 'cancelled')) {
    await discardRevisionOutput(scope, scope.assetId, scope.revision, scope.logger);
    throw error;
  }
  if (cause !== null) throw error;
  if (error.retryable && !scope.isFinalAttempt) throw error;
  scope.logger.warn({ code: error.code, err: error }, 'packaging failed');
  await scope.stopSiblings?.().catch(() => undefined);
  await discardRevisionOutput(scope, scope.assetId, scope.revision, scope.logger);
  await scope.catalog.markErrored(scope.assetId, scope.revision, {
    code: error.code,
    message: publicMessage(error),
    ...toolOutput(error),
  });
  return error;
}
