/** @jsxImportSource hono/jsx */
/** The overview's cards about the queue: jobs per queue, throughput, workers, recent failures. */
import { formatCount, formatElapsed } from '../format.js';
import type { OverviewModel } from '../overview-data.js';
import { ADMIN_BASE_PATH } from '../session-cookie.js';
import { EmptyState, Sparkline, StatusBadge, TableHead, Time } from './components.js';

function Unavailable(props: { what: string }) {
  return (
    <EmptyState title={`${props.what} unavailable`}>The queue (Redis) did not answer; retrying.</EmptyState>
  );
}

export function QueueCard(props: { model: OverviewModel }) {
  const { queues } = props.model;
  return (
    <section class="card flush" aria-labelledby="jobs-heading" data-live-id="queues">
      <div class="section-head card-pad">
        <h2 id="jobs-heading">Jobs by queue</h2>
        <a href={`${ADMIN_BASE_PATH}/queues`}>Inspect in bull-board</a>
      </div>
      {queues === null ? (
        <Unavailable what="Job counts" />
      ) : (
        <div class="table-wrap">
          <table class="table">
            <TableHead
              columns={[
                'Queue',
                { numeric: 'Waiting' },
                { numeric: 'Active' },
                { numeric: 'Delayed' },
                { numeric: 'Failed' },
                { numeric: 'Done' },
              ]}
            />
            <tbody>
              {queues.map((queue) => (
                <tr data-queue={queue.queue}>
                  <th scope="row">
                    {queue.queue} {queue.paused ? <StatusBadge status="paused" label="Paused" /> : null}
                  </th>
                  <td class="num" data-count="waiting">
                    {formatCount(queue.waiting)}
                  </td>
                  <td class="num" data-count="active">
                    {formatCount(queue.active)}
                  </td>
                  <td class="num" data-count="delayed">
                    {formatCount(queue.delayed)}
                  </td>
                  <td class="num" data-count="failed">
                    {formatCount(queue.failed)}
                  </td>
                  <td class="num" data-count="completed">
                    {formatCount(queue.completed)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ThroughputCard(props: { model: OverviewModel }) {
  const { throughput } = props.model;
  const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
  return (
    <section class="card" aria-labelledby="throughput-heading" data-live-id="throughput">
      <div class="section-head">
        <h2 id="throughput-heading">Throughput, last hour</h2>
        {throughput ? <span class="muted">{formatElapsed(throughput.bucketMs)} per bar</span> : null}
      </div>
      {throughput === null ? (
        <Unavailable what="Throughput" />
      ) : (
        <>
          <p class="stat-value">
            <span data-stat="completed-hour">{formatCount(sum(throughput.completed))}</span>{' '}
            <span class="stat-sub">jobs packaged</span>
          </p>
          <p class="stat-sub">{formatCount(sum(throughput.failed))} failed in the same hour</p>
          <Sparkline
            completed={throughput.completed}
            failed={throughput.failed}
            label={`Jobs finished per ${formatElapsed(throughput.bucketMs)} over the last hour, oldest first: ${throughput.completed.join(', ')}`}
          />
          <p class="spark-axis" aria-hidden="true">
            <span>1 h ago</span>
            <span>now</span>
          </p>
          <p class="legend">
            <span>
              <i></i>packaged
            </span>
            <span>
              <i class="failed"></i>failed
            </span>
          </p>
        </>
      )}
    </section>
  );
}

export function WorkersCard(props: { model: OverviewModel }) {
  const { workers } = props.model;
  return (
    <section class="card" aria-labelledby="workers-heading" data-live-id="workers">
      <div class="section-head">
        <h2 id="workers-heading">Workers online</h2>
        {workers ? (
          <span
            class="muted"
            title={workers.source === 'heartbeat' ? 'from worker heartbeats' : 'connected to the queue'}
          >
            {formatCount(workers.list.length)} online
          </span>
        ) : null}
      </div>
      {workers === null ? (
        <Unavailable what="The worker list" />
      ) : workers.list.length === 0 ? (
        <EmptyState title="No worker is connected">Jobs wait in the queue until a worker starts.</EmptyState>
      ) : (
        <ul class="workers">
          {workers.list.map((worker) => (
            <li>
              <div>
                <strong class="mono">{worker.name}</strong>
                <p class="muted">
                  {worker.upForMs !== null ? `up ${formatElapsed(worker.upForMs)}` : 'running'}
                  {worker.lastSeenAgoMs !== null ? ` · seen ${formatElapsed(worker.lastSeenAgoMs)} ago` : ''}
                </p>
              </div>
              <div>
                {worker.currentJobs.length === 0 ? (
                  <span class="badge">Idle</span>
                ) : (
                  worker.currentJobs.map((job) =>
                    job.assetId ? (
                      <a class="badge s-active" href={`${ADMIN_BASE_PATH}/assets/${job.assetId}`}>
                        {job.jobId}
                      </a>
                    ) : (
                      <span class="badge s-active">{job.jobId}</span>
                    ),
                  )
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function FailuresCard(props: { model: OverviewModel }) {
  const { failures, nowMs } = props.model;
  return (
    <section class="card" aria-labelledby="failures-heading" data-live-id="failures">
      <div class="section-head">
        <h2 id="failures-heading">Recent failures</h2>
        <a href={`${ADMIN_BASE_PATH}/assets?status=errored`}>Errored assets</a>
      </div>
      {failures === null ? (
        <Unavailable what="Failures" />
      ) : failures.length === 0 ? (
        <EmptyState title="No failed jobs">Nothing has failed recently.</EmptyState>
      ) : (
        <ul class="failures">
          {failures.map((failure) => (
            <li>
              <span>
                {failure.assetId && failure.assetExists ? (
                  <a href={`${ADMIN_BASE_PATH}/assets/${failure.assetId}`}>
                    {failure.title ?? failure.assetId}
                  </a>
                ) : (
                  <span>
                    <span class="mono">{failure.jobId}</span>
                    {failure.assetId ? <span class="muted"> (asset deleted)</span> : null}
                  </span>
                )}{' '}
                <span class="muted">
                  · {failure.queue} · <Time atMs={failure.failedAtMs} nowMs={nowMs} />
                </span>
              </span>
              <span class="reason">{failure.reason}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
