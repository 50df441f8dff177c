/**
 * The stage timeline of one packaging attempt, read back from BullMQ:
 * - the steps the packaging job's worker logged on it (packager/queue/stage-log.ts): for a whole source,
 *   download, probe, complexity, transcode, the playable commit, describe, publish, images and commit; for a
 *   long source, the download, probe and complexity probe that planned its chunks;
 * - for a chunked run (see packager/pipeline/stage-jobs.ts), then the span of its encode parts and of the
 *   job that finishes it.
 * Null when there is neither (the job predates the timeline, or nothing has finished yet). Jobs the queue
 * no longer keeps are simply absent.
 */
import type { Job, Queue } from 'bullmq';
import { encodePartJobId, finishRunJobId, packageJobId } from '../../packager/queue/contract.js';
import { JOB_POLICY } from '../../packager/queue/job-policy.js';
import type { StageSpan } from './admin-deps.js';
import { stageSpansFromLog } from './logged-stage-spans.js';

export function createBullmqStageTimeline(
  queue: Queue,
): (assetId: string, revision: number) => Promise<readonly StageSpan[] | null> {
  return async (assetId, revision) => {
    const [logged, chunked] = await Promise.all([
      loggedSpans(queue, assetId, revision),
      chunkedRunSpans(queue, assetId, revision),
    ]);
    const spans = [...logged, ...chunked];
    return spans.length > 0 ? spans : null;
  };
}

/** One LRANGE of the packaging job's log (bounded by keepLogs); the job itself is not loaded. */
async function loggedSpans(queue: Queue, assetId: string, revision: number): Promise<StageSpan[]> {
  const { logs } = await queue.getJobLogs(packageJobId(assetId, revision), -JOB_POLICY.keepLogs, -1);
  return stageSpansFromLog(logs);
}

async function chunkedRunSpans(queue: Queue, assetId: string, revision: number): Promise<StageSpan[]> {
  const spans: StageSpan[] = [];
  const finish = await queue.getJob(finishRunJobId(assetId, revision));
  if (!finish) return spans;
  const parts = await Promise.all(
    partNames(finish.data).map((part) => queue.getJob(encodePartJobId(assetId, revision, part))),
  );
  const kept = parts.filter((job): job is Job => job !== undefined);
  const started = kept.map((job) => job.processedOn).filter((at): at is number => at !== undefined);
  const finished = kept.map((job) => job.finishedOn).filter((at): at is number => at !== undefined);
  if (started.length > 0) {
    const startedAtMs = Math.min(...started);
    const done = finished.length === kept.length;
    spans.push({
      name: `encode ${kept.length} ${kept.length === 1 ? 'part' : 'parts'}`,
      startedAtMs,
      durationMs: done ? Math.max(...finished) - startedAtMs : null,
      outcome: kept.some((job) => job.failedReason) ? 'failed' : done ? 'ok' : 'running',
    });
  }
  if (finish.processedOn !== undefined) {
    const failed = Boolean(finish.failedReason);
    spans.push({
      name: 'finish',
      startedAtMs: finish.processedOn,
      durationMs: finish.finishedOn !== undefined ? finish.finishedOn - finish.processedOn : null,
      outcome: failed ? 'failed' : finish.finishedOn !== undefined ? 'ok' : 'running',
    });
  }
  return spans;
}

/** The parts a finish job waits for: its chunks, and `audio` (absent when the source has none). */
function partNames(data: unknown): string[] {
  const chunks =
    typeof data === 'object' && data !== null ? (data as { chunks?: unknown }).chunks : undefined;
  const names = Array.isArray(chunks)
    ? chunks.flatMap((chunk: unknown) =>
        typeof chunk === 'object' && chunk !== null && typeof (chunk as { part?: unknown }).part === 'string'
          ? [(chunk as { part: string }).part]
          : [],
      )
    : [];
  return [...names, 'audio'];
}
