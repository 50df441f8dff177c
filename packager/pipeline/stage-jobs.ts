/**
 * The jobs of a chunked (split-and-stitch) packaging run, as the pipeline sees them. The queue adapter
 * (packager/queue) validates and carries them; the pipeline neither knows nor cares that they are BullMQ
 * flows. Payloads are versioned like PackageAssetJob: a worker refuses a version it does not know (v3: one
 * stage, every rung per chunk in one decode, segments published by the parts themselves).
 *
 * A run is a set of parts (encode jobs any worker may take) and one finish job that runs once every part is
 * done:
 *   parts:  the audio of the whole source, and every rung of the per-title ladder per chunk (one decode each).
 *           Each part publishes its segments where they will stay as it writes them, and on an asset's first
 *           packaging may commit the provisional presentation once the run is far enough ahead: playable.
 *   finish: checks and measures what the parts stored, publishes the rest (init segments, the last segment,
 *           the description, images) and commits the final revision.
 */
import type { LadderPlan } from '../domain/ladder-plan.js';
import type { SourceMedia } from '../domain/media-source.js';
import type { SegmentFacts } from '../media/measure-rendition.js';
import type { InputWindow } from '../ports.js';

/** A chunk of the source as every job of the run knows it. */
export interface RunChunk {
  /** `c0`, `c1`... in source order. */
  readonly part: string;
  /** First output frame (a multiple of the plan's gopFrames: a segment boundary). */
  readonly startFrame: number;
  /** Output frames; null for the last chunk, which runs to the end of the source. */
  readonly frameCount: number | null;
  readonly window: InputWindow;
}

/** What every job of a run carries. */
export interface RunFacts {
  readonly v: 3;
  readonly assetId: string;
  readonly revision: number;
  readonly sourceKey: string;
  readonly sourceDurationMs: number;
  /** The whole per-title ladder, audio included. */
  readonly plan: LadderPlan;
  /** Video chunks in source order. */
  readonly chunks: readonly RunChunk[];
  /** Commit a provisional presentation before the run is done (an asset's first packaging only). */
  readonly commitProvisional: boolean;
}

/** One encode job: a chunk of the source (every video rung) or the whole of it (the audio). */
export interface EncodePartJob extends RunFacts {
  /** A chunk's `part`, or `audio`. Unique within the run. */
  readonly part: string;
}

/**
 * What a finished part stored. Its segments are numbered as in the whole presentation (`<n>.m4s`, n from
 * firstSegment + 1); the first `published` of each rendition are at their final keys, the rest (the tail the
 * describe step may still change) and the init segments are in the part's scratch folder `prefix`.
 */
export interface EncodedPart {
  readonly part: string;
  readonly prefix: string;
  /** 0-based index of the part's first segment in the presentation. */
  readonly firstSegment: number;
  /**
   * Per rendition id: segments written, how many of them are at their final keys, and what measuring those
   * found (so the finish need not download them; absent from a part that did not report it).
   */
  readonly renditions: Readonly<Record<string, StoredRendition>>;
  /** The images it took from its encode, in its scratch folder (part-images.ts); absent: none were taken. */
  readonly images?: PartImages;
}

export interface StoredRendition {
  readonly segments: number;
  readonly published: number;
  /** One per published segment, in order. */
  readonly publishedFacts?: readonly SegmentFacts[];
}

/** A part's share of the run's images as stored: thumbnails from firstThumbnail, posters by height. */
export interface PartImages {
  readonly firstThumbnail: number;
  readonly thumbnails: number;
  readonly posterHeights: readonly number[];
}

/** The job that finishes a run once its parts are done. */
export interface FinishRunJob extends RunFacts {
  readonly source: SourceMedia;
  /** The complexity probe's bits per pixel the ladder was planned with; null without a probe. */
  readonly bitsPerPixel: number | null;
}

/** A run as the scheduler enqueues it: its parts and the job that finishes it. */
export interface ChunkedRun {
  readonly parts: readonly EncodePartJob[];
  readonly finish: FinishRunJob;
}

/**
 * Enqueues a chunked run. Idempotent per (asset, revision): scheduling a run again (a retried job) adds
 * nothing. Parts are at a lower priority than whole-source jobs, so short uploads are not starved by the
 * chunks of long ones, and come in source order; throws a retryable `upstream_unavailable` when the queue is
 * unreachable.
 */
export interface StageScheduler {
  scheduleRun(run: ChunkedRun): Promise<void>;
}
