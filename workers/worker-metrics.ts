import { Counter, Histogram, type Registry } from 'prom-client';

export interface WorkerMetrics {
  readonly jobs: Counter<'outcome' | 'code'>;
  readonly jobDuration: Histogram<'outcome'>;
  readonly encodeSpeed: Histogram;
}

export function createWorkerMetrics(registry: Registry): WorkerMetrics {
  return {
    jobs: new Counter({
      name: 'scalacast_worker_jobs_total',
      help: 'Packaging jobs finished, by outcome (ready, errored, gone, retry) and error code',
      labelNames: ['outcome', 'code'],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'scalacast_worker_job_duration_seconds',
      help: 'Wall time of one packaging job attempt',
      labelNames: ['outcome'],
      buckets: [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600],
      registers: [registry],
    }),
    encodeSpeed: new Histogram({
      name: 'scalacast_worker_encode_speed_ratio',
      help: 'Source duration divided by packaging wall time (x realtime)',
      buckets: [0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 20],
      registers: [registry],
    }),
  };
}
