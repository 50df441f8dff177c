import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface WorkerMetrics {
  /** Jobs finished, by kind (`job`), outcome and error code: failures by code are the `errored`/`retry` rows. */
  readonly jobs: Counter<'outcome' | 'code' | 'job'>;
  readonly jobDuration: Histogram<'outcome' | 'job'>;
  /** ffmpeg speed: media seconds encoded per wall second, per ffmpeg run. */
  readonly encodeSpeed: Histogram;
  /** Wall time of each pipeline stage (download, probe, transcode, stitch, describe, images, publish...). */
  readonly stageDuration: Histogram<'stage'>;
  /** Time a job waited in the queue before a worker started it (chunk wait time: job="encode-part"). */
  readonly jobWait: Histogram<'job'>;
}

export function createWorkerMetrics(registry: Registry): WorkerMetrics {
  return {
    jobs: new Counter({
      name: 'scalacast_worker_jobs_total',
      help: 'Packaging jobs finished, by kind, outcome (ready, scheduled, encoded, errored, gone, retry) and error code',
      labelNames: ['outcome', 'code', 'job'],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'scalacast_worker_job_duration_seconds',
      help: 'Wall time of one packaging job attempt, by kind and outcome',
      labelNames: ['outcome', 'job'],
      buckets: [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600],
      registers: [registry],
    }),
    encodeSpeed: new Histogram({
      name: 'scalacast_worker_encode_speed_ratio',
      help: 'Media duration encoded divided by the wall time of the ffmpeg run (x realtime)',
      buckets: [0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 20],
      registers: [registry],
    }),
    stageDuration: new Histogram({
      name: 'scalacast_worker_stage_duration_seconds',
      help: 'Wall time of one pipeline stage of a packaging job',
      labelNames: ['stage'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900],
      registers: [registry],
    }),
    jobWait: new Histogram({
      name: 'scalacast_worker_job_wait_seconds',
      help: 'Time from enqueue (or retry) to a worker starting the job, by kind',
      labelNames: ['job'],
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 1800],
      registers: [registry],
    }),
  };
}

/** Queue depth per state (waiting, prioritized, waiting-children, active, delayed, failed), read on scrape. */
export function registerQueueDepth(
  registry: Registry,
  readCounts: () => Promise<Record<string, number>>,
): void {
  new Gauge({
    name: 'scalacast_queue_jobs',
    help: 'Packaging jobs in the queue by state, read from Redis at scrape time',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const counts = await readCounts().catch(() => null);
      if (!counts) return;
      for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
    },
  });
}
