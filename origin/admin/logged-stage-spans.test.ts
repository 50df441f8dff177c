import { describe, expect, it } from 'vitest';
import { formatStageLogLine, type StageLogEntry } from '../../packager/queue/stage-log.js';
import { stageSpansFromLog } from './logged-stage-spans.js';

function line(entry: Partial<StageLogEntry> & Pick<StageLogEntry, 'stage' | 'startedAtMs'>): string {
  return formatStageLogLine({
    phase: null,
    attempt: 1,
    attemptId: 'a1-aaaaaa',
    durationMs: 100,
    outcome: 'ok',
    ...entry,
  });
}

describe('stage spans from a job log', () => {
  it('names the playable commit after its phase, orders by start and skips lines that are not stages', () => {
    const spans = stageSpansFromLog([
      'free text someone logged',
      line({ stage: 'download', startedAtMs: 1000 }),
      line({ stage: 'probe', startedAtMs: 1100 }),
      line({ stage: 'commit', phase: 'preview', startedAtMs: 1400 }),
      line({ stage: 'transcode', startedAtMs: 1300, durationMs: 900 }),
      '{"kind":"stage","v":1,"stage":"damaged',
      '{"kind":"stage","v":2,"stage":"from a newer worker"}',
    ]);
    expect(spans).toEqual([
      { name: 'download', startedAtMs: 1000, durationMs: 100, outcome: 'ok' },
      { name: 'probe', startedAtMs: 1100, durationMs: 100, outcome: 'ok' },
      { name: 'transcode', startedAtMs: 1300, durationMs: 900, outcome: 'ok' },
      { name: 'preview: commit', startedAtMs: 1400, durationMs: 100, outcome: 'ok' },
    ]);
  });

  it('keeps the latest run: the highest attempt, then the run that started last', () => {
    const failed = line({ stage: 'transcode', startedAtMs: 1000, outcome: 'failed' });
    const retried = line({ stage: 'download', attempt: 2, attemptId: 'a2-bbbbbb', startedAtMs: 5000 });
    expect(stageSpansFromLog([failed, retried]).map((span) => span.name)).toEqual(['download']);

    // Taken over from a stalled worker (same attempt number), which logs once more after the new run began.
    const takenOver = line({ stage: 'download', attempt: 2, attemptId: 'a2-cccccc', startedAtMs: 9000 });
    const stalledLate = line({ stage: 'probe', attempt: 2, attemptId: 'a2-bbbbbb', startedAtMs: 8000 });
    expect(stageSpansFromLog([failed, retried, takenOver, stalledLate])).toEqual([
      { name: 'download', startedAtMs: 9000, durationMs: 100, outcome: 'ok' },
    ]);
  });

  it('answers no spans for a job that logged none', () => {
    expect(stageSpansFromLog([])).toEqual([]);
    expect(stageSpansFromLog(['just text'])).toEqual([]);
  });
});
