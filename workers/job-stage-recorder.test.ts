import { describe, expect, it } from 'vitest';
import type { FinishedStage } from '../packager/queue/bullmq-packaging-consumer.js';
import type { Logger } from '../packager/ports.js';
import { createJobStageRecorder } from './job-stage-recorder.js';

function capturingLogger(warnings: string[]): Logger {
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (_obj, msg) => warnings.push(msg),
    error: () => undefined,
    child: () => logger,
  };
  return logger;
}

describe('the job stage recorder', () => {
  it('writes each step in order, with its start recovered from the clock, before flush resolves', async () => {
    const written: FinishedStage[] = [];
    let release: () => void = () => undefined;
    const slowFirst = new Promise<void>((resolve) => (release = resolve));
    const recorder = createJobStageRecorder(
      async (stage) => {
        if (written.length === 0) await slowFirst;
        written.push(stage);
      },
      capturingLogger([]),
      () => 10_000,
    );
    recorder.observe('download', 1.5, { outcome: 'ok' });
    recorder.observe('transcode', 0.25, { outcome: 'failed', phase: 'preview' });
    const flushed = recorder.flush();
    expect(written).toEqual([]);
    release();
    await flushed;
    expect(written).toEqual([
      { stage: 'download', phase: null, startedAtMs: 8500, durationMs: 1500, outcome: 'ok' },
      { stage: 'transcode', phase: 'preview', startedAtMs: 9750, durationMs: 250, outcome: 'failed' },
    ]);
  });

  it('logs a failed write and goes on with the next; flush never rejects', async () => {
    const warnings: string[] = [];
    const written: string[] = [];
    const recorder = createJobStageRecorder(async (stage) => {
      if (stage.stage === 'probe') throw new Error('redis went away');
      written.push(stage.stage);
    }, capturingLogger(warnings));
    recorder.observe('probe', 0.1, { outcome: 'ok' });
    recorder.observe('publish', 0.1, { outcome: 'ok' });
    await expect(recorder.flush()).resolves.toBeUndefined();
    expect(written).toEqual(['publish']);
    expect(warnings).toEqual(['recording a stage on the job failed']);
  });
});
