import { describe, expect, it, vi } from 'vitest';
import { serialWrittenSteps } from './written-steps.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('handling what an encode reports, one report after another', () => {
  it('handles reports in order, each after the one before has finished', async () => {
    const handled: string[] = [];
    const steps = serialWrittenSteps(
      async (report: number) => {
        handled.push(`start ${report}`);
        await tick();
        handled.push(`end ${report}`);
      },
      new AbortController().signal,
      () => undefined,
    );
    steps.push(1);
    steps.push(2);
    await steps.settle();
    expect(handled).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('stops the encode on the first failure, handles nothing after it and rethrows it', async () => {
    const controller = new AbortController();
    const stop = vi.fn((reason: unknown) => controller.abort(reason));
    const step = vi.fn(async (report: number) => {
      if (report === 2) throw new Error('upload failed');
    });
    const steps = serialWrittenSteps(step, controller.signal, stop);
    for (const report of [1, 2, 3]) steps.push(report);
    await expect(steps.settle()).rejects.toThrow('upload failed');
    expect(step.mock.calls.map(([report]) => report)).toEqual([1, 2]);
    expect(stop).toHaveBeenCalledOnce();
  });

  it('drops the failures of an encode already stopped by its job: they are its consequences', async () => {
    const controller = new AbortController();
    const stop = vi.fn();
    const steps = serialWrittenSteps(
      async () => {
        controller.abort(new Error('job cancelled'));
        throw new Error('upload aborted');
      },
      controller.signal,
      stop,
    );
    steps.push(1);
    await expect(steps.settle()).resolves.toBeUndefined();
    expect(stop).not.toHaveBeenCalled();
  });
});
