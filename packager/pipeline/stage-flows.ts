/**
 * A long source's stages as jobs: one part per chunk (and one for the whole source's audio), and the finish
 * job that runs when they are all done. Pure request building; the StageScheduler enqueues.
 */
import type { ChunkSpec } from '../chunking/chunk-plan.js';
import type { LadderPlan } from '../domain/ladder-plan.js';
import type { SourceMedia } from '../domain/media-source.js';
import type { PackageAssetJob } from '../ports.js';
import type { EncodePartJob, FinishStageJob, StageRequest, StageScheduler } from './stage-jobs.js';

export const AUDIO_PART = 'audio';

export function chunkPartId(index: number): string {
  return `c${index}`;
}

export interface ChunkedRunPlan {
  readonly job: PackageAssetJob;
  readonly source: SourceMedia;
  /** The preview stage's plan: the lowest rung and the audio. */
  readonly preview: LadderPlan;
  /** The ladder stage's plan: every other rung (none when the preview is the whole ladder). */
  readonly ladder: LadderPlan;
  readonly bitsPerPixel: number | null;
  readonly chunks: readonly ChunkSpec[];
  readonly commitPreview: boolean;
}

/** Queues both stages of a chunked run; returns how many parts they have. */
export async function scheduleChunkedRun(run: ChunkedRunPlan, scheduler: StageScheduler): Promise<number> {
  const hasLadder = run.ladder.video.length > 0;
  const previewFinish: FinishStageJob = {
    v: 2,
    assetId: run.job.assetId,
    revision: run.job.revision,
    sourceKey: run.job.sourceKey,
    stage: 'preview',
    source: run.source,
    plan: run.preview,
    chunks: run.chunks.map((chunk) => ({
      part: chunkPartId(chunk.index),
      startFrame: chunk.startFrame,
      frameCount: chunk.frameCount,
      window: chunk.window,
    })),
    commitPreview: run.commitPreview && hasLadder,
    commitsRevision: !hasLadder,
    bitsPerPixel: run.bitsPerPixel,
  };
  const preview = previewStage(previewFinish);
  const ladder = hasLadder
    ? ladderStage({
        ...previewFinish,
        stage: 'ladder',
        plan: run.ladder,
        commitPreview: false,
        commitsRevision: true,
      })
    : null;
  await scheduler.scheduleRun({ preview, ladder });
  return preview.parts.length + (ladder?.parts.length ?? 0);
}

function previewStage(finish: FinishStageJob): StageRequest {
  const { plan } = finish;
  const partCount = finish.chunks.length + (plan.audio ? 1 : 0);
  const parts = chunkParts(finish, { ...plan, audio: null }, partCount);
  if (plan.audio) {
    // The audio part first: it is short, and the stage ends when its last part does, so a short part at
    // the end would leave the other workers idle while it runs.
    parts.unshift({
      ...partBase(finish, partCount),
      part: AUDIO_PART,
      window: null,
      startFrame: 0,
      frameCount: null,
      plan: { ...plan, video: [] },
    });
  }
  return { parts, finish };
}

function ladderStage(finish: FinishStageJob): StageRequest {
  return { parts: chunkParts(finish, finish.plan, finish.chunks.length), finish };
}

function chunkParts(finish: FinishStageJob, plan: LadderPlan, partCount: number): EncodePartJob[] {
  return finish.chunks.map((chunk) => ({
    ...partBase(finish, partCount),
    part: chunk.part,
    window: chunk.window,
    startFrame: chunk.startFrame,
    frameCount: chunk.frameCount,
    plan,
  }));
}

function partBase(finish: FinishStageJob, partCount: number) {
  return {
    v: 2 as const,
    assetId: finish.assetId,
    revision: finish.revision,
    sourceKey: finish.sourceKey,
    stage: finish.stage,
    sourceDurationMs: finish.source.durationMs,
    partCount,
  };
}
