/**
 * Builds the publisher API's run-time parts for an origin from config and the opened engines: the per-key
 * rate limiter, the asset-event publisher (webhooks), the outbound address policy, and the sweeper of
 * abandoned uploads. Called by startOrigin; close() releases what it started.
 *
 * Rate limits live on the queue Redis, not the cache Redis: the queue server always exists (the cache is
 * optional), is `noeviction` (an LRU cache could evict counters and silently lift limits), and every origin
 * shares it. The keys are tiny and expire within a minute of a key's last request. The limiter has its own
 * fail-fast connection, because the queue connection waits forever on a dead Redis by design.
 */
import type { Redis } from 'ioredis';
import { createAddressPolicy } from '../../packager/net/address-policy.js';
import type { Config } from '../../packager/platform/config.js';
import { systemClock } from '../../packager/platform/infrastructure.js';
import { newPrefixedId } from '../../packager/platform/random-ids.js';
import type { Catalog, Logger, ObjectStore, PublisherStores } from '../../packager/ports.js';
import { createAssetEventPublisher } from '../../packager/webhooks/asset-event-publisher.js';
import { createBullmqWebhookQueue } from '../../packager/webhooks/bullmq-webhook-queue.js';
import { createRedisRateLimiter, unlimitedRateLimiter } from '../auth/redis-rate-limiter.js';
import { startUploadSweeper } from '../uploads/upload-sweeper.js';
import type { PublisherApiDeps } from './publisher-deps.js';

export interface PublisherEngines {
  readonly catalog: Catalog;
  readonly store: ObjectStore;
  readonly stores: PublisherStores;
  readonly queueRedis: Redis;
  readonly logger: Logger;
}

export interface PublisherSetup {
  readonly deps: PublisherApiDeps;
  close(): Promise<void>;
}

export function createPublisherSetup(config: Config, engines: PublisherEngines): PublisherSetup {
  const settings = config.publisherApi;
  const logger = engines.logger.child({ component: 'publisher-api' });
  const rateLimitRedis =
    settings.rateLimitPerMinute > 0
      ? engines.queueRedis.duplicate({
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          commandTimeout: 500,
          connectionName: 'scalacast-ratelimit',
        })
      : null;
  rateLimitRedis?.on('error', (error) => logger.debug({ err: error }, 'rate limit redis connection error'));
  const webhookQueue = createBullmqWebhookQueue({
    connection: engines.queueRedis,
    prefix: config.queuePrefix,
    maxAttempts: settings.webhookMaxAttempts,
    backoffMs: settings.webhookBackoffMs,
  });
  const sweeper = startUploadSweeper(
    { uploads: engines.stores.uploads, store: engines.store, clock: systemClock, logger },
    Math.min(Math.max(settings.uploadExpiryMs / 4, 1000), 10 * 60_000),
  );
  if (config.bootstrapKey === undefined) {
    void engines.stores.apiKeys.listApiKeys().then(
      (keys) => {
        if (keys.length === 0) {
          logger.warn({}, 'no API key exists: set SCALACAST_BOOTSTRAP_KEY to create the first one');
        }
      },
      () => undefined,
    );
  }
  return {
    deps: {
      stores: engines.stores,
      events: createAssetEventPublisher({
        catalog: engines.catalog,
        webhooks: engines.stores.webhooks,
        queue: webhookQueue,
        clock: systemClock,
        newEventId: () => newPrefixedId('evt'),
        logger,
        publicBaseUrl: config.publicBaseUrl,
      }),
      rateLimiter: rateLimitRedis
        ? createRedisRateLimiter({
            redis: rateLimitRedis,
            prefix: config.queuePrefix,
            perMinute: settings.rateLimitPerMinute,
            burst: settings.rateLimitBurst,
            logger,
          })
        : unlimitedRateLimiter,
      bootstrapKey: config.bootstrapKey,
      outboundPolicy: createAddressPolicy(settings.outboundAllowCidrs),
      uploadChunkBytes: settings.uploadChunkBytes,
      uploadExpiryMs: settings.uploadExpiryMs,
      urlIngestTimeoutMs: settings.urlIngestTimeoutMs,
    },
    async close() {
      sweeper.stop();
      await webhookQueue.close();
      rateLimitRedis?.disconnect();
    },
  };
}
