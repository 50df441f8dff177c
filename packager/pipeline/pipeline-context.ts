/**
 * What every packaging job runs with: the ports, the options, its context and its outcome, and the small
 * helpers the whole-source, chunk and finish stages share.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Presentation } from '../../manifests/model.js';
import type { ChunkingOptions } from '../chunking/chunk-plan.js';
import type { AppError } from '../domain/errors.js';
import type { ImageRenderer } from '../images/ffmpeg-image-renderer.js';
import type { Catalog, ComplexitySampler, Logger, ObjectStore, Prober, Transcoder } from '../ports.js';
import type { FailureScope } from './job-outcome.js';
import type { StageScheduler } from './stage-jobs.js';
import { timeStage, type StageObserver, type StagePhase } from './stage-observer.js';

export interface PackageAssetDeps {
  readonly store: ObjectStore;
  readonly catalog: Catalog;
  readonly prober: Prober;
  readonly transcoder: Transcoder;
  /** The complexity probe, sampled before the encode (or the chunks) start. */
  readonly sampler: ComplexitySampler;
  /** Parent of each job's scratch folder; the folder is removed whatever the outcome. */
  readonly tmpDir: string;
  /**
   * Starts every scratch folder's name (`<tag>.<job>`): the worker puts its host and pid here, so a worker
   * can tell, and sweep, the folders of a dead one on the same machine.
   */
  readonly scratchTag?: string | undefined;
  readonly segmentDurationMs: number;
  readonly x264Preset: string;
  readonly ffmpegThreads: number;
  /** Splits long sources into chunk jobs; absent (or no scheduler): every source is encoded by one job. */
  readonly chunking?: ChunkingOptions | undefined;
  readonly scheduler?: StageScheduler | undefined;
  /** Per-title ladders from the complexity probe; default true. */
  readonly perTitle?: boolean | undefined;
  /** Make an asset's first packaging playable before it is ready (see package-whole-source.ts); default true. */
  readonly progressive?: boolean | undefined;
  /** Poster, thumbnails and storyboard; absent: none. */
  readonly images?: ImageRenderer | undefined;
  /**
   * Wall time and outcome of each stage (download, probe, transcode, describe, publish, commit, images,
   * store, fetch...); a playable commit is reported as the preview's (phase `preview`).
   */
  readonly observeStage?: StageObserver | undefined;
  /** Media seconds encoded per wall second, per ffmpeg run. */
  readonly observeEncodeSpeed?: ((ratio: number) => void) | undefined;
}

export interface PackageAssetContext {
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** True when a retryable failure now will not be retried, so the asset must be marked errored. */
  readonly isFinalAttempt: boolean;
  /** Progress 0..100 for the queue (the catalog is updated by the pipeline itself). */
  readonly reportProgress?: (percent: number) => Promise<void>;
}

export type PackageOutcome =
  | { readonly status: 'ready'; readonly presentation: Presentation }
  /** A long source: its chunks are queued; the finish jobs commit it. */
  | { readonly status: 'scheduled'; readonly parts: number }
  | { readonly status: 'errored'; readonly error: AppError }
  | { readonly status: 'gone' };

/** A fresh scratch folder path for one job attempt (not created). */
export function jobWorkDir(deps: Pick<PackageAssetDeps, 'tmpDir' | 'scratchTag'>, label: string): string {
  const name = `${label}-${randomBytes(4).toString('hex')}`;
  return path.join(deps.tmpDir, deps.scratchTag ? `${deps.scratchTag}.${name}` : name);
}

export function stageOptions(deps: PackageAssetDeps) {
  return {
    segmentDurationMs: deps.segmentDurationMs,
    x264Preset: deps.x264Preset,
    perTitle: deps.perTitle !== false,
  };
}

/** Runs a stage and reports its wall time and outcome to the hook, as part of `phase` when given. */
export function stageTimer(deps: Pick<PackageAssetDeps, 'observeStage'>, phase?: StagePhase) {
  return <T>(stage: string, run: () => Promise<T>): Promise<T> =>
    timeStage(deps.observeStage, stage, phase, run);
}

/** The part of a failure's scope that every packaging job, whatever its stage, fills the same way. */
export function failureScope(
  deps: Pick<PackageAssetDeps, 'store' | 'catalog'>,
  revision: { readonly assetId: string; readonly revision: number },
  context: Pick<PackageAssetContext, 'signal' | 'isFinalAttempt'>,
  logger: Logger,
): FailureScope {
  return {
    store: deps.store,
    catalog: deps.catalog,
    assetId: revision.assetId,
    revision: revision.revision,
    signal: context.signal,
    isFinalAttempt: context.isFinalAttempt,
    logger,
  };
}
