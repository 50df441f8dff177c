/**
 * A long source's run as jobs: one part per chunk (every rung), one for the whole source's audio, and the
 * finish job that runs when they are all done. Pure request building; the StageScheduler enqueues.
 */
import type { ChunkSpec } from '../chunking/chunk-plan.js';
import type { LadderPlan } from '../domain/ladder-plan.js';
import type { SourceMedia } from '../domain/media-source.js';
import type { PackageAssetJob } from '../ports.js';
import type { ChunkedRun, EncodePartJob, RunFacts } from './stage-jobs.js';

export const AUDIO_PART = 'audio';

export function chunkPartId(index: number): string {
  return `c${index}`;
}

export interface ChunkedRunPlan {
  readonly job: PackageAssetJob;
  readonly source: SourceMedia;
  /** The whole per-title ladder, audio included. */
  readonly plan: LadderPlan;
  readonly bitsPerPixel: number | null;
  readonly chunks: readonly ChunkSpec[];
  readonly commitProvisional: boolean;
}

export function chunkedRun(run: ChunkedRunPlan): ChunkedRun {
  const facts: RunFacts = {
    v: 3,
    assetId: run.job.assetId,
    revision: run.job.revision,
    sourceKey: run.job.sourceKey,
    sourceDurationMs: run.source.durationMs,
    plan: run.plan,
    chunks: run.chunks.map((chunk) => ({
      part: chunkPartId(chunk.index),
      startFrame: chunk.startFrame,
      frameCount: chunk.frameCount,
      window: chunk.window,
    })),
    commitProvisional: run.commitProvisional,
  };
  // The audio part first: it is short, and the run ends when its last part does, so a short part at the end
  // would leave the other workers idle while it runs; and no chunk is playable before the audio is stored.
  const parts: EncodePartJob[] = [
    ...(run.plan.audio ? [{ ...facts, part: AUDIO_PART }] : []),
    ...facts.chunks.map((chunk) => ({ ...facts, part: chunk.part })),
  ];
  return { parts, finish: { ...facts, source: run.source, bitsPerPixel: run.bitsPerPixel } };
}

/** The part's own share of the run's plan: the video rungs of a chunk, or the audio. */
export function partPlan(job: EncodePartJob): LadderPlan {
  return job.part === AUDIO_PART ? { ...job.plan, video: [] } : { ...job.plan, audio: null };
}
