/**
 * Everything the asset page shows. The catalog record is required (no asset, no page); the queue's job
 * history, stage timelines and artwork are extras that may be missing, and the page says so.
 */
import type { AssetRecord } from '../../packager/domain/asset.js';
import type { Catalog, Clock, Logger } from '../../packager/ports.js';
import type { AdminExtensions, Artwork, StageSpan } from './admin-deps.js';
import type { JobRun, QueueInsight } from './queue-insight.js';

export interface AssetDetailModel {
  readonly asset: AssetRecord;
  readonly nowMs: number;
  /** Null when the queue could not be read. */
  readonly jobs: readonly JobRun[] | null;
  /** Stages per revision, for the revisions that recorded any. */
  readonly stages: ReadonlyMap<number, readonly StageSpan[]>;
  readonly artwork: Artwork | null;
  /** Where the asset's playback URLs start (`/play/{id}` unless signed). */
  readonly playbackPrefix: string;
}

export interface AssetDetailDeps {
  readonly catalog: Catalog;
  readonly insight: QueueInsight;
  readonly extensions: AdminExtensions;
  readonly clock: Clock;
}

export async function loadAssetDetail(
  deps: AssetDetailDeps,
  assetId: string,
  logger: Logger,
): Promise<AssetDetailModel | null> {
  const asset = await deps.catalog.getAsset(assetId);
  if (!asset) return null;
  const { extensions } = deps;
  const optional = async <T>(what: string, read: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await read();
    } catch (error) {
      logger.warn({ err: error, assetId, what }, 'admin asset read failed');
      return fallback;
    }
  };
  const latestRevision = await deps.catalog.getLatestRevision(assetId);
  const { artwork: readArtwork } = extensions;
  const playbackPrefix = extensions.playbackPrefix?.(asset) ?? `/play/${assetId}`;
  const [jobs, artwork] = await Promise.all([
    optional('jobs', () => deps.insight.jobsOfAsset(assetId, latestRevision), null),
    readArtwork ? optional('artwork', () => readArtwork(asset, playbackPrefix), null) : Promise.resolve(null),
  ]);
  const stages = new Map<number, readonly StageSpan[]>();
  if (extensions.stageTimeline && jobs) {
    const timeline = extensions.stageTimeline;
    await Promise.all(
      jobs.map(async (job) => {
        const spans = await optional('stages', () => timeline(assetId, job.revision), null);
        if (spans && spans.length > 0) stages.set(job.revision, spans);
      }),
    );
  }
  return { asset, nowMs: deps.clock.nowMs(), jobs, stages, artwork, playbackPrefix };
}
