/**
 * Webhooks on the worker side: the delivery consumer (its own BullMQ queue, `webhooks`, retried with
 * exponential backoff) and the asset-event publisher the packaging pipeline reports through.
 */
import type { Redis } from 'ioredis';
import { createAddressPolicy } from '../packager/net/address-policy.js';
import type { Config } from '../packager/platform/config.js';
import { systemClock } from '../packager/platform/infrastructure.js';
import { newPrefixedId } from '../packager/platform/random-ids.js';
import type { AssetEvents, Catalog, Logger, WebhookStore } from '../packager/ports.js';
import { createAssetEventPublisher } from '../packager/webhooks/asset-event-publisher.js';
import { createBullmqWebhookQueue, startWebhookConsumer } from '../packager/webhooks/bullmq-webhook-queue.js';
import { createWebhookDeliverer } from '../packager/webhooks/deliver-webhook.js';

export interface WebhookWorkerEngines {
  readonly catalog: Catalog;
  readonly webhooks: WebhookStore;
  readonly queueRedis: Redis;
  readonly logger: Logger;
}

export interface WebhookWorker {
  /** Where the pipeline reports asset.playable / ready / errored. */
  readonly events: AssetEvents;
  close(): Promise<void>;
}

/** Parallel deliveries per worker process: receivers are slow I/O, not CPU. */
const DELIVERY_CONCURRENCY = 8;

export async function startWebhookWorker(
  config: Config,
  engines: WebhookWorkerEngines,
): Promise<WebhookWorker> {
  const settings = config.publisherApi;
  const logger = engines.logger.child({ component: 'webhooks' });
  const queue = createBullmqWebhookQueue({
    connection: engines.queueRedis,
    prefix: config.queuePrefix,
    maxAttempts: settings.webhookMaxAttempts,
    backoffMs: settings.webhookBackoffMs,
  });
  const events = createAssetEventPublisher({
    catalog: engines.catalog,
    webhooks: engines.webhooks,
    queue,
    clock: systemClock,
    newEventId: () => newPrefixedId('evt'),
    logger,
    publicBaseUrl: config.publicBaseUrl,
  });
  const deliver = createWebhookDeliverer({
    webhooks: engines.webhooks,
    policy: createAddressPolicy(settings.outboundAllowCidrs),
    timeoutMs: settings.webhookTimeoutMs,
    clock: systemClock,
    newDeliveryId: () => newPrefixedId('dlv'),
  });
  const consumer = await startWebhookConsumer({
    connection: engines.queueRedis,
    prefix: config.queuePrefix,
    concurrency: DELIVERY_CONCURRENCY,
    handler: deliver,
    logger,
  });
  return {
    events,
    async close() {
      await consumer.close();
      await queue.close();
    },
  };
}
