/** @jsxImportSource hono/jsx */
/**
 * The asset page's job timeline: one entry per packaging job (revision), with its stages when recorded:
 * each with its duration and a bar placed on the run's own time axis, so that stages that overlap (the
 * ladder encodes while the preview is published) show it.
 */
import type { StageSpan } from '../admin-deps.js';
import { formatElapsed, formatTimestamp } from '../format.js';
import type { JobRun } from '../queue-insight.js';
import { EmptyState, StatusBadge, Time } from './components.js';

const RUN_STATE_LABELS: Readonly<Record<string, string>> = {
  waiting: 'Waiting',
  prioritized: 'Waiting',
  delayed: 'Retrying soon',
  active: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  'waiting-children': 'Waiting',
  unknown: 'Unknown',
};

export function JobTimeline(props: {
  jobs: readonly JobRun[] | null;
  stages: ReadonlyMap<number, readonly StageSpan[]>;
  nowMs: number;
}) {
  const { jobs, nowMs } = props;
  const spanOf = (job: JobRun) => (job.finishedAtMs ?? nowMs) - job.enqueuedAtMs;
  const longest = Math.max(1, ...(jobs ?? []).map(spanOf));
  return (
    <section class="card section" aria-labelledby="timeline-heading" data-live-id="timeline">
      <div class="section-head">
        <h2 id="timeline-heading">Job timeline</h2>
        <p class="legend">
          <span>
            <i class="wait"></i>waiting in the queue
          </span>
          <span>
            <i></i>packaging
          </span>
          <span>
            <i class="failed"></i>failed
          </span>
        </p>
      </div>
      {jobs === null ? (
        <EmptyState title="Job history unavailable">The queue (Redis) did not answer; retrying.</EmptyState>
      ) : jobs.length === 0 ? (
        <EmptyState title="No job kept for this asset">
          Finished jobs are kept for a day (failed ones for a week); older history is gone.
        </EmptyState>
      ) : (
        <ol class="runs">
          {jobs.map((job) => (
            <JobRunItem
              job={job}
              stages={props.stages.get(job.revision) ?? null}
              longestMs={longest}
              nowMs={nowMs}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

function JobRunItem(props: {
  job: JobRun;
  stages: readonly StageSpan[] | null;
  longestMs: number;
  nowMs: number;
}) {
  const { job, nowMs } = props;
  const width = 600;
  const waitedMs = (job.startedAtMs ?? job.finishedAtMs ?? nowMs) - job.enqueuedAtMs;
  const ranMs = job.startedAtMs === null ? null : (job.finishedAtMs ?? nowMs) - job.startedAtMs;
  const scale = (ms: number) => Math.max(ms > 0 ? 2 : 0, (ms / props.longestMs) * width);
  const runClass = job.state === 'failed' ? 'run failed' : 'run';
  const stateClass = job.state === 'prioritized' || job.state === 'waiting-children' ? 'waiting' : job.state;
  return (
    <li data-job-id={job.jobId} data-job-state={job.state}>
      <div class="run-head">
        <strong>Revision {job.revision}</strong>
        <StatusBadge status={stateClass} label={RUN_STATE_LABELS[job.state] ?? job.state} />
        <span class="run-meta">
          queued <Time atMs={job.enqueuedAtMs} nowMs={nowMs} /> · waited {formatElapsed(waitedMs)}
          {ranMs !== null ? ` · packaging ${formatElapsed(ranMs)}` : ''} · attempt{' '}
          {Math.max(1, job.attemptsMade)} of {job.maxAttempts}
          {job.worker ? ` · ${job.worker}` : ''}
        </span>
      </div>
      <svg
        class="timeline"
        viewBox={`0 0 ${width} 12`}
        role="img"
        aria-label={`Waited ${formatElapsed(waitedMs)}, packaging ${formatElapsed(ranMs)}`}
      >
        <rect class="wait" x="0" y="1" width={scale(waitedMs)} height="10" rx="2" />
        {ranMs !== null ? (
          <rect class={runClass} x={scale(waitedMs)} y="1" width={scale(ranMs)} height="10" rx="2" />
        ) : null}
      </svg>
      {job.failedReason ? <p class="run-reason">{job.failedReason}</p> : null}
      {props.stages ? <StageList revision={job.revision} stages={props.stages} nowMs={nowMs} /> : null}
      {job.logs.length > 0 ? (
        <details>
          <summary>Job log ({job.logs.length} lines)</summary>
          <pre class="output">{job.logs.join('\n')}</pre>
        </details>
      ) : null}
    </li>
  );
}

function StageList(props: { revision: number; stages: readonly StageSpan[]; nowMs: number }) {
  const { stages, nowMs } = props;
  const endOf = (stage: StageSpan) =>
    stage.startedAtMs + (stage.durationMs ?? Math.max(0, nowMs - stage.startedAtMs));
  const fromMs = Math.min(...stages.map((stage) => stage.startedAtMs));
  const axisMs = Math.max(1, Math.max(...stages.map(endOf)) - fromMs);
  const percent = (ms: number) => (ms / axisMs) * 100;
  return (
    <ol class="stages" aria-label={`Stages of revision ${props.revision}`}>
      {stages.map((stage) => {
        const state = stage.outcome === 'failed' ? 'failed' : stage.durationMs === null ? 'running' : 'ok';
        return (
          <li data-stage={stage.name} data-outcome={state}>
            <span>{stage.name}</span>
            <svg class="stage-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
              <rect
                class={state}
                x={percent(stage.startedAtMs - fromMs)}
                y="1"
                width={Math.max(0.4, percent(endOf(stage) - stage.startedAtMs))}
                height="6"
              />
            </svg>
            <span class="muted" title={formatTimestamp(stage.startedAtMs)}>
              {state === 'ok' ? '' : state}
            </span>
            <span class="num">{formatElapsed(stage.durationMs)}</span>
          </li>
        );
      })}
    </ol>
  );
}
