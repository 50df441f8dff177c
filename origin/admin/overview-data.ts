/**
 * Everything the overview shows, read in parallel. The catalog answers the asset figures; the queue answers
 * the rest. A queue read that fails leaves its card saying "unavailable" instead of failing the page:
 * an overview is most needed when something is down.
 */
import type { AssetSummary, Catalog, Clock, Logger } from '../../packager/ports.js';
import type { AdminExtensions } from './admin-deps.js';
import type { FailedJob, FleetWorker, QueueCounts, QueueInsight, Throughput } from './queue-insight.js';

export const THROUGHPUT_WINDOW_MS = 60 * 60_000;
export const THROUGHPUT_BUCKETS = 12;
const RECENT_FAILURES = 6;

export interface OverviewFailure extends FailedJob {
  /** The asset's title, when the asset still exists. */
  readonly title: string | null;
  readonly assetExists: boolean;
}

export interface OverviewModel {
  readonly nowMs: number;
  readonly summary: AssetSummary;
  readonly queues: readonly QueueCounts[] | null;
  readonly throughput: Throughput | null;
  readonly workers: {
    readonly source: 'heartbeat' | 'connections';
    readonly list: readonly FleetWorker[];
  } | null;
  readonly failures: readonly OverviewFailure[] | null;
}

export interface OverviewDeps {
  readonly catalog: Catalog;
  readonly insight: QueueInsight;
  readonly extensions: AdminExtensions;
  readonly clock: Clock;
}

export async function loadOverview(deps: OverviewDeps, logger: Logger): Promise<OverviewModel> {
  const { catalog, insight, extensions } = deps;
  const optional = async <T>(what: string, read: () => Promise<T>): Promise<T | null> => {
    try {
      return await read();
    } catch (error) {
      logger.warn({ err: error, what }, 'admin overview read failed');
      return null;
    }
  };
  const [summary, queues, throughput, workers, failures] = await Promise.all([
    catalog.summarizeAssets(),
    optional('queue counts', () => insight.counts()),
    optional('throughput', () => insight.throughput(THROUGHPUT_WINDOW_MS, THROUGHPUT_BUCKETS)),
    optional('workers', async () => {
      // Workers of a version without the heartbeat still show, as BullMQ's connected clients.
      const beating = extensions.listWorkers ? await extensions.listWorkers() : [];
      return beating.length > 0
        ? { source: 'heartbeat' as const, list: beating }
        : { source: 'connections' as const, list: await insight.workers() };
    }),
    optional('recent failures', async () =>
      withTitles(catalog, await insight.recentFailures(RECENT_FAILURES)),
    ),
  ]);
  return { nowMs: deps.clock.nowMs(), summary, queues, throughput, workers, failures };
}

async function withTitles(catalog: Catalog, failures: readonly FailedJob[]): Promise<OverviewFailure[]> {
  return Promise.all(
    failures.map(async (failure) => {
      const asset = failure.assetId ? await catalog.getAsset(failure.assetId) : null;
      return { ...failure, title: asset?.title ?? null, assetExists: asset !== null };
    }),
  );
}
