/**
 * A circuit breaker in front of an upstream (object storage). After `failureThreshold` consecutive failures
 * it opens: calls fail at once with a retryable `upstream_unavailable` that carries Retry-After, instead of
 * piling up on a dead upstream. After `cooldownMs` one trial call is let through (half-open); its success
 * closes the breaker, its failure opens it for another cooldown. Recovery needs no operator.
 */
import { AppError } from '../../packager/domain/errors.js';
import type { Clock } from '../../packager/ports.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
  readonly clock: Clock;
  /** Told on every transition (metrics, a log line). */
  readonly onStateChange?: (state: BreakerState) => void;
}

export interface CircuitBreaker {
  /**
   * Runs `work` unless the breaker refuses. `isFailure` says which errors count against the upstream (a
   * missing object is an answer, not a failure).
   */
  run<T>(work: () => Promise<T>, isFailure: (error: unknown) => boolean): Promise<T>;
  state(): BreakerState;
}

export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const { failureThreshold, cooldownMs, clock } = options;
  let current: BreakerState = 'closed';
  let consecutiveFailures = 0;
  let openedAtMs = 0;
  let trialInFlight = false;

  const moveTo = (next: BreakerState) => {
    if (next === current) return;
    current = next;
    options.onStateChange?.(next);
  };

  const refuse = (): AppError => {
    const remainingMs = Math.max(0, openedAtMs + cooldownMs - clock.nowMs());
    return new AppError('upstream_unavailable', 'Storage is unavailable right now; try again shortly.', {
      retryable: true,
      details: { reason: 'circuit_open', retryAfterSeconds: Math.max(1, Math.ceil(remainingMs / 1000)) },
    });
  };

  const succeeded = () => {
    consecutiveFailures = 0;
    moveTo('closed');
  };

  const failed = () => {
    consecutiveFailures += 1;
    if (current === 'half-open' || consecutiveFailures >= failureThreshold) {
      openedAtMs = clock.nowMs();
      moveTo('open');
    }
  };

  return {
    async run(work, isFailure) {
      let isTrial = false;
      if (current === 'open') {
        if (clock.nowMs() - openedAtMs < cooldownMs) throw refuse();
        moveTo('half-open');
      }
      if (current === 'half-open') {
        if (trialInFlight) throw refuse();
        trialInFlight = true;
        isTrial = true;
      }
      try {
        const value = await work();
        succeeded();
        return value;
      } catch (error) {
        if (isFailure(error)) failed();
        else succeeded();
        throw error;
      } finally {
        if (isTrial) trialInFlight = false;
      }
    },
    state: () => current,
  };
}
