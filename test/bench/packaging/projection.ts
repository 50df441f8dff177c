/**
 * A projection, not a measurement: upload-to-ready of a chunked run with W workers, from the job times a
 * measured run recorded. The critical path is upload + the plan job + each stage's parts spread over W
 * workers (longest first) + its finish job. With more workers than chunks, the chunks are made shorter
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
  const finishes = sum(run.jobs.filter((job) => job.name === 'finish-stage').map((job) => job.ranMs));
  const stageModel = (stage: string) => {
    const chunks = run.jobs.filter(
      (job) => job.name === 'encode-part' && job.stage === stage && job.part !== 'audio',
    );
    const mediaS = durationS;
    const ffmpegMs = sum(chunks.map((job) => job.ffmpegMs ?? job.ranMs));
    const fixedMs = mean(chunks.map((job) => job.ranMs - (job.ffmpegMs ?? job.ranMs)));
    return { perMediaSecondMs: ffmpegMs / mediaS, fixedMs };
  };
  const preview = stageModel('preview');
  const ladder = stageModel('ladder');
  const audio = run.jobs.filter((job) => job.part === 'audio').map((job) => job.ranMs);
  return workers.map((count) => {
    const segments = Math.ceil(durationS / segmentS);
    const chunkSegments = Math.max(1, Math.ceil(segments / count));
    const chunkSeconds = chunkSegments * segmentS;
    const chunks = Math.ceil(segments / chunkSegments);
    const part = (model: typeof preview) => model.fixedMs + model.perMediaSecondMs * chunkSeconds;
    const previewMs = makespan([...Array.from({ length: chunks }, () => part(preview)), ...audio], count);
    const ladderMs = makespan(
      Array.from({ length: chunks }, () => part(ladder)),
      count,
    );
    return { workers: count, chunkSeconds, readyMs: run.uploadMs + entry + previewMs + ladderMs + finishes };
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
