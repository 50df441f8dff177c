/**
 * AssetEvents for webhooks: records the event (with the exact body every delivery will send) and enqueues
 * one delivery per subscribed endpoint. `asset.ready` also reports `asset.playable` the first time an asset
 * becomes playable; the store keeps that event to one per asset, whoever reports it (a pipeline that plays
 * early may report it before `ready`).
 */
import type { AssetEvent, AssetEventType } from '../domain/asset-events.js';
import type { AssetEvents, Catalog, Clock, Logger, WebhookQueue, WebhookStore } from '../ports.js';
import { webhookEventBody } from './webhook-payload.js';

export interface AssetEventPublisherDeps {
  readonly catalog: Catalog;
  readonly webhooks: WebhookStore;
  readonly queue: WebhookQueue;
  readonly clock: Clock;
  readonly newEventId: () => string;
  readonly logger: Logger;
  /** Makes playback links in payloads absolute (PUBLIC_BASE_URL). */
  readonly publicBaseUrl?: string | undefined;
}

export function createAssetEventPublisher(deps: AssetEventPublisherDeps): AssetEvents {
  async function publishOne(event: AssetEvent): Promise<void> {
    const endpoints = (await deps.webhooks.listEndpoints()).filter((e) => e.events.includes(event.type));
    if (endpoints.length === 0) return;
    const asset = event.asset ?? (await deps.catalog.getAsset(event.assetId));
    const id = deps.newEventId();
    const createdAtMs = deps.clock.nowMs();
    const body = JSON.stringify(webhookEventBody(id, createdAtMs, event, asset, deps.publicBaseUrl));
    if (
      !(await deps.webhooks.recordEvent({ id, type: event.type, assetId: event.assetId, body, createdAtMs }))
    ) {
      return; // asset.playable was reported before
    }
    await deps.queue.enqueueDeliveries(endpoints.map((e) => ({ v: 1, eventId: id, endpointId: e.id })));
    deps.logger.info(
      { eventId: id, type: event.type, assetId: event.assetId, endpoints: endpoints.length },
      'event published',
    );
  }

  return {
    async publish(event: AssetEvent) {
      const types: AssetEventType[] =
        event.type === 'asset.ready' ? ['asset.playable', 'asset.ready'] : [event.type];
      for (const type of types) {
        try {
          await publishOne({ ...event, type });
        } catch (error) {
          deps.logger.error({ err: error, type, assetId: event.assetId }, 'publishing an asset event failed');
        }
      }
    },
  };
}
