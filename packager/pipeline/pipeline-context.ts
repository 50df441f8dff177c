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
import type { Catalog, Logger, ObjectStore, Prober, Transcoder } from '../ports.js';
import type { StageScheduler } from './stage-jobs.js';

export interface PackageAssetDeps {
  readonly store: ObjectStore;
  readonly catalog: Catalog;
  readonly prober: Prober;
  readonly transcoder: Transcoder;
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
  /** Commit the preview stage as playable on an asset's first packaging; default true. */
  readonly progressive?: boolean | undefined;
  /** Poster, thumbnails and storyboard; absent: none. */
  readonly images?: ImageRenderer | undefined;
  /** Wall time of each stage (download, probe, transcode, describe, publish, commit, images, stitch...). */
  readonly observeStage?: ((stage: string, seconds: number) => void) | undefined;
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

/** Runs a stage and reports its wall time to the metrics hook. */
export function stageTimer(deps: Pick<PackageAssetDeps, 'observeStage'>) {
  return async <T>(stage: string, run: () => Promise<T>): Promise<T> => {
    const startedAt = performance.now();
    try {
      return await run();
    } finally {
      deps.observeStage?.(stage, (performance.now() - startedAt) / 1000);
    }
  };
}
