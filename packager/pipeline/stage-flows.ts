/**
 * A long source's stages as jobs: one part per chunk (and one for the whole source's audio), and the finish
 * job that runs when they are all done. Pure request building; the StageScheduler enqueues.
 */
import type { ChunkSpec } from '../chunking/chunk-plan.js';
import type { LadderPlan } from '../domain/ladder-plan.js';
import type { SourceMedia } from '../domain/media-source.js';
import type { PackageAssetJob } from '../ports.js';
import type { EncodePartJob, FinishStageJob, StageScheduler } from './stage-jobs.js';
import type { PreviewStagePlan } from './stage-plans.js';

export const AUDIO_PART = 'audio';

export function chunkPartId(index: number): string {
  return `c${index}`;
}

/** Queues the preview stage of a chunked run; returns how many parts it has. */
export async function schedulePreviewStage(
  input: {
    readonly job: PackageAssetJob;
    readonly source: SourceMedia;
    readonly preview: PreviewStagePlan;
    readonly chunks: readonly ChunkSpec[];
    readonly commitPreview: boolean;
  },
  scheduler: StageScheduler,
): Promise<number> {
  const { job, source, preview, chunks } = input;
  const finish: FinishStageJob = {
    v: 1,
    assetId: job.assetId,
    revision: job.revision,
    sourceKey: job.sourceKey,
    stage: 'preview',
    source,
    plan: preview.plan,
    chunks: chunks.map((chunk) => ({
      part: chunkPartId(chunk.index),
      startFrame: chunk.startFrame,
      frameCount: chunk.frameCount,
      window: chunk.window,
    })),
    commitPreview: input.commitPreview,
    probeSize: preview.probeSize,
  };
  const partCount = chunks.length + (preview.plan.audio ? 1 : 0);
  const parts = chunkParts(finish, { ...preview.plan, audio: null }, preview.probeSize, partCount);
  if (preview.plan.audio) {
    // The audio part first: it is short, and the stage ends when its last part does, so a short part at
    // the end would leave the other workers idle while it runs.
    parts.unshift({
      ...partBase(finish, partCount),
      part: AUDIO_PART,
      window: null,
      startFrame: 0,
      frameCount: null,
      plan: { ...preview.plan, video: [] },
      probe: null,
    });
  }
  await scheduler.scheduleStage({ parts, finish });
  return parts.length;
}

/** Queues the ladder stage of a chunked run, planned by the preview's finish job. */
export async function scheduleLadderStage(
  previewFinish: FinishStageJob,
  ladderPlan: LadderPlan,
  scheduler: StageScheduler,
): Promise<number> {
  const finish: FinishStageJob = {
    ...previewFinish,
    stage: 'ladder',
    plan: ladderPlan,
    commitPreview: false,
  };
  const parts = chunkParts(finish, ladderPlan, null, finish.chunks.length);
  await scheduler.scheduleStage({ parts, finish });
  return parts.length;
}

function chunkParts(
  finish: FinishStageJob,
  plan: LadderPlan,
  probe: EncodePartJob['probe'],
  partCount: number,
): EncodePartJob[] {
  return finish.chunks.map((chunk) => ({
    ...partBase(finish, partCount),
    part: chunk.part,
    window: chunk.window,
    startFrame: chunk.startFrame,
    frameCount: chunk.frameCount,
    plan,
    probe,
  }));
}

function partBase(finish: FinishStageJob, partCount: number) {
  return {
    v: 1 as const,
    assetId: finish.assetId,
    revision: finish.revision,
    sourceKey: finish.sourceKey,
    stage: finish.stage,
    sourceDurationMs: finish.source.durationMs,
    partCount,
  };
}
