/**
 * Builds the dashboard's dependencies from configuration and the engines the origin already holds, or null
 * when ADMIN_PASSWORD is unset (the dashboard then only says how to turn it on). Sessions and the sign-in
 * throttle live in the queue Redis under the queue prefix.
 */
import type { Queue } from 'bullmq';
import { AppError } from '../../packager/domain/errors.js';
import type { Redis } from 'ioredis';
import type { AdminConfig } from '../../packager/platform/config.js';
import type { Catalog, Clock, JobQueue, ObjectStore } from '../../packager/ports.js';
import { repackageAsset } from '../../packager/pipeline/repackage-asset.js';
import { listWorkers } from '../../packager/queue/worker-registry.js';
import type { AdminDeps, AdminExtensions } from './admin-deps.js';
import { createBullmqQueueInsight } from './bullmq-queue-insight.js';
import { createBullmqStageTimeline } from './bullmq-stage-timeline.js';
import { createStoredArtwork } from './stored-artwork.js';
import type { FleetWorker } from './queue-insight.js';
import { createRedisSessionStore } from './session-store.js';
import { createRedisSignInThrottle } from './sign-in-throttle.js';

export interface AdminEngines {
  readonly catalog: Catalog;
  readonly store: ObjectStore;
  readonly queue: JobQueue;
  /** The BullMQ queue behind `queue` (packaging). */
  readonly packagingQueue: Queue;
  /** Other BullMQ queues to show (webhook deliveries, ...). */
  readonly otherQueues?: readonly Queue[];
  readonly redis: Redis;
  readonly prefix: string;
  readonly clock: Clock;
  readonly newAssetId: () => string;
  readonly maxUploadBytes: number;
  readonly publicBaseUrl?: string | undefined;
  readonly extensions?: AdminExtensions;
}

export function createAdminDeps(config: AdminConfig, engines: AdminEngines): AdminDeps | null {
  if (config.password === undefined) return null;
  const queues = [engines.packagingQueue, ...(engines.otherQueues ?? [])];
  return {
    settings: {
      user: config.user,
      password: config.password,
      sessionTtlMs: config.sessionTtlMs,
      maxUploadBytes: engines.maxUploadBytes,
      publicBaseUrl: engines.publicBaseUrl,
    },
    catalog: engines.catalog,
    store: engines.store,
    queue: engines.queue,
    sessions: createRedisSessionStore({
      redis: engines.redis,
      prefix: engines.prefix,
      ttlMs: config.sessionTtlMs,
      clock: engines.clock,
    }),
    signInThrottle: createRedisSignInThrottle(engines.redis, engines.prefix),
    insight: createBullmqQueueInsight({
      packaging: engines.packagingQueue,
      queues,
      redis: engines.redis,
      clock: engines.clock,
    }),
    boardQueues: queues,
    clock: engines.clock,
    newAssetId: engines.newAssetId,
    extensions: { ...defaultExtensions(engines), ...engines.extensions },
  };
}

/**
 * What the packaging side records: the workers' heartbeat registry, the stages workers log on each job and
 * the stage jobs of chunked runs, the images of committed revisions, and re-packaging as the publisher API
 * does it.
 */
function defaultExtensions(engines: AdminEngines): AdminExtensions {
  return {
    listWorkers: async () => {
      const nowMs = engines.clock.nowMs();
      return (await listWorkers(engines.redis, engines.prefix)).map((worker): FleetWorker => ({
        name: worker.id,
        upForMs: nowMs - worker.startedAtMs,
        lastSeenAgoMs: Math.max(0, nowMs - worker.seenAtMs),
        currentJobs: worker.jobs.map((job) => ({ jobId: job.id, assetId: job.assetId })),
      }));
    },
    stageTimeline: createBullmqStageTimeline(engines.packagingQueue),
    artwork: createStoredArtwork(engines.store),
    // The same re-package as POST /v1/assets/{id}/repackage (it also stops work on older revisions).
    repackage: async (assetId) => {
      const started = await repackageAsset(assetId, { catalog: engines.catalog, queue: engines.queue });
      if (!started) throw new AppError('asset_not_found', 'No asset has this id.');
      return started;
    },
  };
}
