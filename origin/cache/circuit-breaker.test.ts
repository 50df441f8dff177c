import { describe, expect, it } from 'vitest';
import { AppError } from '../../packager/domain/errors.js';
import { createCircuitBreaker, type BreakerState } from './circuit-breaker.js';

function setup() {
  let nowMs = 1_000_000;
  const states: BreakerState[] = [];
  const breaker = createCircuitBreaker({
    failureThreshold: 3,
    cooldownMs: 5000,
    clock: { nowMs: () => nowMs },
    onStateChange: (state) => states.push(state),
  });
  const calls = { count: 0 };
  const fail = () => {
    calls.count += 1;
    return Promise.reject(new AppError('upstream_unavailable', 'down', { retryable: true }));
  };
  const succeed = () => {
    calls.count += 1;
    return Promise.resolve('ok');
  };
  const isFailure = (error: unknown) => (error as AppError).code !== 'object_not_found';
  return { breaker, states, calls, fail, succeed, isFailure, advance: (ms: number) => (nowMs += ms) };
}

describe('createCircuitBreaker', () => {
  it('opens after consecutive failures and then refuses at once, with a Retry-After', async () => {
    const { breaker, calls, fail, isFailure, states, advance } = setup();
    for (let index = 0; index < 3; index += 1)
      await expect(breaker.run(fail, isFailure)).rejects.toThrow('down');
    expect(breaker.state()).toBe('open');
    expect(states).toEqual(['open']);
    advance(1200);
    const refused = await breaker.run(fail, isFailure).catch((error: unknown) => error as AppError);
    expect(refused).toMatchObject({
      code: 'upstream_unavailable',
      retryable: true,
      details: { reason: 'circuit_open', retryAfterSeconds: 4 },
    });
    expect(calls.count).toBe(3);
  });

  it('counts only failures in a row, and not answers such as a missing object', async () => {
    const { breaker, fail, succeed, isFailure } = setup();
    const notFound = () => Promise.reject(new AppError('object_not_found', 'no such object'));
    await expect(breaker.run(fail, isFailure)).rejects.toThrow();
    await expect(breaker.run(fail, isFailure)).rejects.toThrow();
    await breaker.run(succeed, isFailure);
    await expect(breaker.run(fail, isFailure)).rejects.toThrow();
    await expect(breaker.run(fail, isFailure)).rejects.toThrow();
    for (let index = 0; index < 5; index += 1)
      await expect(breaker.run(notFound, isFailure)).rejects.toThrow();
    expect(breaker.state()).toBe('closed');
  });

  it('lets one trial through after the cooldown: success closes, failure opens again', async () => {
    const { breaker, calls, fail, succeed, isFailure, states, advance } = setup();
    for (let index = 0; index < 3; index += 1) await expect(breaker.run(fail, isFailure)).rejects.toThrow();
    advance(5000);
    let release: (value: string) => void = () => undefined;
    const trial = breaker.run(() => new Promise<string>((resolve) => (release = resolve)), isFailure);
    expect(breaker.state()).toBe('half-open');
    await expect(breaker.run(succeed, isFailure)).rejects.toMatchObject({
      details: { reason: 'circuit_open' },
    });
    release('ok');
    expect(await trial).toBe('ok');
    expect(breaker.state()).toBe('closed');

    for (let index = 0; index < 3; index += 1) await expect(breaker.run(fail, isFailure)).rejects.toThrow();
    advance(5000);
    const before = calls.count;
    await expect(breaker.run(fail, isFailure)).rejects.toThrow('down');
    expect(calls.count).toBe(before + 1);
    expect(breaker.state()).toBe('open');
    expect(states).toEqual(['open', 'half-open', 'closed', 'open', 'half-open', 'open']);
  });
});
