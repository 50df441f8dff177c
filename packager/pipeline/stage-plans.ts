/**
 * The two stages of packaging, planned. Pure.
 *
 * - preview: the lowest rung and the audio, plus the complexity probe from the same decode. Quick to encode
 *   (small picture), so the asset is playable early; its probe picks the rest of the ladder.
 * - ladder: every other rung of the per-title ladder, in one decode, without audio (the preview has it).
 *
 * The stages' plans share frame rate, GOP and segment duration, so their segments line up exactly and
 * mergePresentations can join them.
 */
import { displaySize, planLadder, type RungSpec } from '../domain/ladder.js';
import type { LadderPlan } from '../domain/ladder-plan.js';
import type { SourceMedia } from '../domain/media-source.js';
import { AppError } from '../domain/errors.js';
import { decidePerTitleLadder, type PerTitleDecision } from './per-title-ladder.js';

export interface StagePlanOptions {
  readonly segmentDurationMs: number;
  readonly x264Preset: string;
  /** False: the default ladder whatever the probe says. */
  readonly perTitle: boolean;
}

export interface PreviewStagePlan {
  /** Lowest rung + audio (either may be absent: audio-only or silent sources). */
  readonly plan: LadderPlan;
  /** Size of the default ladder's top rung, for the probe; null without video. */
  readonly probeSize: { readonly width: number; readonly height: number } | null;
}

/** The preview stage, or a rejection of the source (AppError with the planner's code). */
export function planPreviewStage(source: SourceMedia, options: StagePlanOptions): PreviewStagePlan {
  const full = planOrThrow(source, options, undefined);
  const lowest = full.video[full.video.length - 1];
  const top = full.video[0];
  return {
    plan: { ...full, video: lowest ? [lowest] : [] },
    probeSize: top && full.video.length > 1 ? { width: top.width, height: top.height } : null,
  };
}

/**
 * The ladder stage for a measured probe: the per-title rungs minus the preview's rung, no audio. Its
 * `video` is empty when the preview already holds the whole ladder (small or audio-only sources).
 */
export function planLadderStage(
  source: SourceMedia,
  options: StagePlanOptions,
  preview: LadderPlan,
  probeBitsPerPixel: number | null,
): { readonly plan: LadderPlan; readonly decision: PerTitleDecision } {
  const { plan: full, decision } = planWholeLadder(source, options, probeBitsPerPixel);
  const previewIds = new Set(preview.video.map((rung) => rung.id));
  return {
    plan: { ...full, video: full.video.filter((rung) => !previewIds.has(rung.id)), audio: null },
    decision,
  };
}

/** The whole per-title ladder with audio, for a single encode (a whole-source run). */
export function planWholeLadder(
  source: SourceMedia,
  options: StagePlanOptions,
  probeBitsPerPixel: number | null,
): { readonly plan: LadderPlan; readonly decision: PerTitleDecision } {
  const sourceShortSide = Math.min(...displaySizeOf(source));
  const decision = decidePerTitleLadder(options.perTitle ? probeBitsPerPixel : null, sourceShortSide);
  return { plan: planOrThrow(source, options, decision.rungs), decision };
}

/** What a planned ladder stage is logged with. */
export function ladderPlanFacts(
  ladder: { readonly plan: LadderPlan; readonly decision: PerTitleDecision },
  bitsPerPixel: number | null,
) {
  return {
    complexity: ladder.decision.complexity,
    bitsPerPixel,
    rungs: ladder.plan.video.map((rung) => rung.id),
  };
}

function displaySizeOf(source: SourceMedia): number[] {
  if (!source.video) return [0];
  const { width, height } = displaySize(source.video);
  return [width, height];
}

function planOrThrow(
  source: SourceMedia,
  options: StagePlanOptions,
  rungs: readonly RungSpec[] | undefined,
): LadderPlan {
  const result = planLadder(source, {
    segmentDurationMs: options.segmentDurationMs,
    x264Preset: options.x264Preset,
    ...(rungs ? { rungs } : {}),
  });
  if (!result.ok) throw new AppError(result.code, result.message);
  return result.plan;
}
