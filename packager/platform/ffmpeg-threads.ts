/**
 * How many threads each ffmpeg of a worker gets. FFMPEG_THREADS set: that. Unset (0): ffmpeg sizes its
 * threads to the machine's cores, which is right for one job at a time on a whole machine only:
 * - several jobs at a time (WORKER_CONCURRENCY): each ffmpeg would thread for the whole machine and together
 *   they oversubscribe it (two of the benchmark's 10 s chunk encodes side by side on 2 cores: 12.2-12.8 s with
 *   ffmpeg's own threading, 11.8-12.0 s with one thread each), so the cores are shared between the jobs;
 * - a CPU quota (a container's CPU limit) smaller than the machine: ffmpeg sees the machine's cores, not the
 *   quota, so it is given the quota's.
 * Pure.
 */
export interface CoreCounts {
  /** The cores the machine shows. */
  readonly machine: number;
  /** The cores this process may use (cpu-quota.ts): the machine's, or fewer under a quota. */
  readonly usable: number;
}

export function ffmpegThreadsPerJob(configured: number, concurrency: number, cores: CoreCounts): number {
  if (configured > 0) return configured;
  if (concurrency <= 1 && cores.usable >= cores.machine) return 0;
  return Math.max(1, Math.floor(cores.usable / concurrency));
}
