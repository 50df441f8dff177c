/**
 * Object storage as the delivery path uses it: every call has a deadline (a hung store cannot hold requests
 * open) and goes through the circuit breaker (a dead store is not asked again until its cooldown ends).
 * Every call is counted by outcome.
 */
import { isAppError } from '../../packager/domain/errors.js';
import type { ByteRange, ObjectInfo, ObjectStore, ObjectStream } from '../../packager/ports.js';
import type { OriginMetrics } from '../http/metrics.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { withDeadline } from './with-deadline.js';

export interface GuardedStore {
  /** Resolves when the store starts answering (the body then streams under the store's own idle timeout). */
  get(key: string, range?: ByteRange): Promise<ObjectStream>;
  stat(key: string): Promise<ObjectInfo | null>;
}

export interface GuardedStoreDeps {
  readonly store: ObjectStore;
  readonly breaker: CircuitBreaker;
  /** Deadline of each call to its first answer. */
  readonly timeoutMs: number;
  readonly metrics: Pick<OriginMetrics, 'storageReads'>;
}

/** Answers such as "no such object" or "bad range" say nothing about the store's health. */
const HEALTHY_ANSWERS = new Set(['object_not_found', 'range_not_satisfiable', 'invalid_path']);

export function isStoreFailure(error: unknown): boolean {
  return !(isAppError(error) && HEALTHY_ANSWERS.has(error.code));
}

export function createGuardedStore(deps: GuardedStoreDeps): GuardedStore {
  const { store, breaker, timeoutMs, metrics } = deps;

  async function guarded<T>(operation: 'get' | 'stat', call: () => Promise<T>, discard: (late: T) => void) {
    try {
      const value = await breaker.run(
        () => withDeadline(call(), timeoutMs, 'Storage did not answer in time; try again shortly.', discard),
        isStoreFailure,
      );
      metrics.storageReads.inc({ operation, result: value === null ? 'not_found' : 'ok' });
      return value;
    } catch (error) {
      metrics.storageReads.inc({ operation, result: outcomeOf(error) });
      throw error;
    }
  }

  return {
    get: (key, range) =>
      guarded(
        'get',
        () => store.get(key, range),
        (late) => late.body.destroy(),
      ),
    stat: (key) =>
      guarded(
        'stat',
        () => store.stat(key),
        () => undefined,
      ),
  };
}

function outcomeOf(error: unknown): string {
  if (!isAppError(error)) return 'error';
  if (error.code === 'object_not_found') return 'not_found';
  if (error.code === 'upstream_timeout') return 'timeout';
  if (error.details['reason'] === 'circuit_open') return 'rejected';
  return 'error';
}
