/**
 * A run's ladder, planned. Pure. First the default ladder (what the source allows), which says where the
 * complexity probe looks and where chunks are cut; then, from the probe's verdict, the per-title ladder the
 * run encodes. Both have the same frame rate, GOP and segment duration.
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

export interface DefaultLadderPlan {
  /** The default ladder, audio included (either may be absent: audio-only or silent sources). */
  readonly plan: LadderPlan;
  /** Size of its top rung, for the complexity probe; null without video or with a single rung. */
  readonly probeSize: { readonly width: number; readonly height: number } | null;
}

/** The default ladder, or a rejection of the source (AppError with the planner's code). */
export function planDefaultLadder(source: SourceMedia, options: StagePlanOptions): DefaultLadderPlan {
  const plan = planOrThrow(source, options, undefined);
  const top = plan.video[0];
  return {
    plan,
    probeSize: top && plan.video.length > 1 ? { width: top.width, height: top.height } : null,
  };
}

/** The whole per-title ladder with audio, for the probe's bits per pixel (null: the default ladder). */
export function planWholeLadder(
  source: SourceMedia,
  options: StagePlanOptions,
  probeBitsPerPixel: number | null,
): { readonly plan: LadderPlan; readonly decision: PerTitleDecision } {
  const sourceShortSide = Math.min(...displaySizeOf(source));
  const decision = decidePerTitleLadder(options.perTitle ? probeBitsPerPixel : null, sourceShortSide);
  return { plan: planOrThrow(source, options, decision.rungs), decision };
}

/** What a planned ladder is logged with. */
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
