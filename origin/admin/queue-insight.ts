/**
 * What the dashboard reads about the job queues, as plain values: counts, throughput, failures, workers
 * and the jobs of one asset. bullmq-queue-insight.ts implements it on BullMQ; the pages see only this.
 */

/** One worker process as a fleet view shows it. */
export interface FleetWorker {
  readonly name: string;
  /** How long it has been connected or alive, when known. */
  readonly upForMs: number | null;
  /** Time since it was last heard from, when known. */
  readonly lastSeenAgoMs: number | null;
  readonly currentJobs: readonly { readonly jobId: string; readonly assetId: string | null }[];
}

export interface QueueCounts {
  readonly queue: string;
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly failed: number;
  readonly completed: number;
  readonly paused: boolean;
}

/** Jobs finished per bucket over a window, oldest bucket first. */
export interface Throughput {
  readonly windowMs: number;
  readonly bucketMs: number;
  readonly completed: readonly number[];
  readonly failed: readonly number[];
}

export interface FailedJob {
  readonly queue: string;
  readonly jobId: string;
  readonly assetId: string | null;
  readonly revision: number | null;
  /** BullMQ's failedReason (`code: message` for packaging jobs). */
  readonly reason: string;
  readonly failedAtMs: number;
  readonly attemptsMade: number;
}

export type JobState =
  'waiting' | 'active' | 'completed' | 'failed' | 'delayed' | 'prioritized' | 'waiting-children' | 'unknown';

/** One packaging job (one revision) of an asset. */
export interface JobRun {
  readonly jobId: string;
  readonly revision: number;
  readonly state: JobState;
  readonly enqueuedAtMs: number;
  readonly startedAtMs: number | null;
  readonly finishedAtMs: number | null;
  readonly attemptsMade: number;
  readonly maxAttempts: number;
  readonly progress: number;
  readonly failedReason: string | null;
  readonly worker: string | null;
  /** Lines the job logged (job.log), oldest first, at most the last 50. */
  readonly logs: readonly string[];
}

export interface QueueInsight {
  counts(): Promise<readonly QueueCounts[]>;
  /** Finished jobs of the packaging queue over the last `windowMs`, in `buckets` equal buckets. */
  throughput(windowMs: number, buckets: number): Promise<Throughput>;
  /** Newest first, across queues. */
  recentFailures(limit: number): Promise<readonly FailedJob[]>;
  /** Workers connected to the packaging queue and the jobs they hold. */
  workers(): Promise<readonly FleetWorker[]>;
  /** Packaging jobs of the asset still kept by the queue, newest revision first (at most 10). */
  jobsOfAsset(assetId: string, latestRevision: number | null): Promise<readonly JobRun[]>;
  /** True when the queue still holds a packaging job for this (asset, revision), in any state. */
  hasPackagingJob(assetId: string, revision: number): Promise<boolean>;
}
