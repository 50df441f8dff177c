/**
 * A projection, not a measurement: upload-to-ready of a chunked run with W workers, from the job times a
 * measured run recorded. The critical path is upload + the plan job + the parts (chunks and audio) spread
 * over W workers (longest first) + the finish job. With more workers than chunks, the chunks are made shorter
 * (chunks = W, whole segments): a part's time is modelled as its measured fixed cost (job time minus ffmpeg
 * time) plus the measured ffmpeg time per second of media, times the new chunk length. Each worker is
 * assumed as fast as one was in the measured run (there, two workers shared two cores).
 */
import type { JobTiming, ScalacastRun } from './scalacast-run.js';

export interface Projection {
  readonly workers: number;
  readonly chunkSeconds: number;
  readonly readyMs: number;
}

export function projectReady(
  run: ScalacastRun,
  durationS: number,
  segmentS: number,
  workers: readonly number[],
): Projection[] {
  const entry = sum(run.jobs.filter((job) => job.name === 'package-asset').map((job) => job.ranMs));
  const finish = sum(run.jobs.filter((job) => job.name === 'finish-run').map((job) => job.ranMs));
  const chunkJobs = run.jobs.filter((job) => job.name === 'encode-part' && job.part !== 'audio');
  const perMediaSecondMs = sum(chunkJobs.map((job) => job.ffmpegMs ?? job.ranMs)) / durationS;
  const fixedMs = mean(chunkJobs.map((job) => job.ranMs - (job.ffmpegMs ?? job.ranMs)));
  const audio = run.jobs.filter((job) => job.part === 'audio').map((job) => job.ranMs);
  return workers.map((count) => {
    const segments = Math.ceil(durationS / segmentS);
    const chunkSegments = Math.max(1, Math.ceil(segments / count));
    const chunkSeconds = chunkSegments * segmentS;
    const chunks = Math.ceil(segments / chunkSegments);
    const part = fixedMs + perMediaSecondMs * chunkSeconds;
    const partsMs = makespan([...Array.from({ length: chunks }, () => part), ...audio], count);
    return { workers: count, chunkSeconds, readyMs: run.uploadMs + entry + partsMs + finish };
  });
}

/** Longest-processing-time-first scheduling of `durations` on `workers` machines: when the last one ends. */
export function makespan(durations: readonly number[], workers: number): number {
  const loads = Array.from({ length: Math.max(1, workers) }, () => 0);
  for (const duration of [...durations].sort((a, b) => b - a)) {
    const least = loads.indexOf(Math.min(...loads));
    loads[least] = (loads[least] ?? 0) + duration;
  }
  return Math.max(...loads);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : sum(values) / values.length;
}

export type { JobTiming };
