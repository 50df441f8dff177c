/**
 * The jobs of a chunked (split-and-stitch) packaging run, as the pipeline sees them. The queue adapter
 * (packager/queue) validates and carries them; the pipeline neither knows nor cares that they are BullMQ
 * flows. Payloads are versioned like PackageAssetJob: a worker refuses a version it does not know (v2: the
 * complexity probe is sampled before the run, so parts carry no probe and a finish carries its verdict).
 *
 * A run has two stages, each a set of parts (encode jobs any worker may take) and one finish job that runs
 * once every part is done:
 *   preview: the lowest rung per chunk and the audio of the whole source; finishing it publishes a playable
 *            presentation.
 *   ladder:  every other rung of the per-title ladder per chunk, one decode each; finishing it commits the
 *            final revision.
 * Both stages are queued at once, planned from a complexity probe sampled before any part: workers go from
 * the preview's parts straight on to the ladder's, and the preview's finish runs while the ladder encodes.
 * The ladder's finish waits for the preview's (it merges with the published preview).
 */
import type { LadderPlan } from '../domain/ladder-plan.js';
import type { SourceMedia } from '../domain/media-source.js';
import type { InputWindow } from '../ports.js';

export type StageName = 'preview' | 'ladder';

/** One encode job: a chunk of the source (a window) or the whole of it (audio), with the stage's plan. */
export interface EncodePartJob {
  readonly v: 2;
  readonly assetId: string;
  readonly revision: number;
  readonly sourceKey: string;
  readonly stage: StageName;
  /** `c0`, `c1`... for chunks, `audio` for the audio of the whole source. Unique within the stage. */
  readonly part: string;
  /** Null: the whole source. */
  readonly window: InputWindow | null;
  /** First output frame of the window (0 for the whole source). */
  readonly startFrame: number;
  /** Output frames in the window; null to the end of the source. */
  readonly frameCount: number | null;
  /** What this part encodes (a subset of the ladder: video rungs of the stage, or audio only). */
  readonly plan: LadderPlan;
  readonly sourceDurationMs: number;
  /** Parts in the stage, for progress. */
  readonly partCount: number;
}

/** What a finished part left in scratch storage: `<prefix><rendition>/init.mp4` and `<n>.m4s` from 1. */
export interface EncodedPart {
  readonly part: string;
  readonly prefix: string;
  /** Segment count per rendition id. */
  readonly renditions: Readonly<Record<string, number>>;
}

export interface FinishChunk {
  readonly part: string;
  readonly startFrame: number;
  readonly frameCount: number | null;
  readonly window: InputWindow;
}

/** The job that finishes a stage once its parts are done. */
export interface FinishStageJob {
  readonly v: 2;
  readonly assetId: string;
  readonly revision: number;
  readonly sourceKey: string;
  readonly stage: StageName;
  readonly source: SourceMedia;
  /** The whole presentation's plan so far: the preview stage's (lowest rung + audio), or the ladder's. */
  readonly plan: LadderPlan;
  /** Video chunks in source order (`part` ids and first frames); audio, if any, is the part `audio`. */
  readonly chunks: readonly FinishChunk[];
  /** Preview stage: commit it as playable before the ladder is done (first packaging of the asset only). */
  readonly commitPreview: boolean;
  /** This stage's finish commits the revision: the ladder's, or the preview's when it is the whole ladder. */
  readonly commitsRevision: boolean;
  /** The complexity probe's bits per pixel the ladder was planned with; null without a probe. */
  readonly bitsPerPixel: number | null;
}

/** One stage as the scheduler enqueues it: its parts and the job that finishes it. */
export interface StageRequest {
  readonly parts: readonly EncodePartJob[];
  readonly finish: FinishStageJob;
}

/** A chunked run: the preview stage, and the ladder stage whose finish waits for the preview's finish. */
export interface ChunkedRun {
  readonly preview: StageRequest;
  /** Null when the preview is the whole ladder. */
  readonly ladder: StageRequest | null;
}

/**
 * Enqueues a chunked run's stages at once. Idempotent per (asset, revision, stage): scheduling a run again (a
 * retried job) adds nothing. Parts are at a lower priority than whole-source jobs, so short uploads are not
 * starved by the chunks of long ones, and the preview's parts come before the ladder's; throws a retryable
 * `upstream_unavailable` when the queue is unreachable.
 */
export interface StageScheduler {
  scheduleRun(run: ChunkedRun): Promise<void>;
}
