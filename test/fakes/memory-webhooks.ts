import { encodeAssetCursor } from '../../packager/catalog/asset-cursor.js';
import { parsePageQuery } from '../../packager/catalog/page-query.js';
import type {
  Clock,
  NewWebhookEndpoint,
  PageQuery,
  WebhookDeliveryRecord,
  WebhookEndpointRecord,
  WebhookEventRecord,
  WebhookStore,
} from '../../packager/ports.js';

/** WebhookStore fake with the Kysely adapter's semantics (the contract suite runs against both). */
export function createMemoryWebhooks(clock: Clock = { nowMs: () => Date.now() }): WebhookStore {
  const endpoints = new Map<string, WebhookEndpointRecord>();
  const events = new Map<string, WebhookEventRecord>();
  const deliveries: WebhookDeliveryRecord[] = [];
  const newestFirst = (a: WebhookDeliveryRecord, b: { createdAtMs: number; id: string }) =>
    b.createdAtMs - a.createdAtMs || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

  return {
    createEndpoint: async (endpoint: NewWebhookEndpoint) => {
      const record = Object.freeze({
        ...endpoint,
        events: Object.freeze([...endpoint.events]),
        createdAtMs: clock.nowMs(),
      });
      endpoints.set(endpoint.id, record);
      return record;
    },
    getEndpoint: async (id: string) => endpoints.get(id) ?? null,
    listEndpoints: async () =>
      [...endpoints.values()].sort((a, b) => a.createdAtMs - b.createdAtMs || (a.id < b.id ? -1 : 1)),
    deleteEndpoint: async (id: string) => {
      if (!endpoints.delete(id)) return false;
      for (let i = deliveries.length - 1; i >= 0; i -= 1) {
        if (deliveries[i]?.endpointId === id) deliveries.splice(i, 1);
      }
      return true;
    },
    recordEvent: async (event: WebhookEventRecord) => {
      const duplicate =
        event.type === 'asset.playable' &&
        [...events.values()].some((e) => e.type === 'asset.playable' && e.assetId === event.assetId);
      if (duplicate) return false;
      events.set(event.id, Object.freeze({ ...event }));
      return true;
    },
    getEvent: async (id: string) => events.get(id) ?? null,
    recordDelivery: async (delivery: WebhookDeliveryRecord) => {
      if (endpoints.has(delivery.endpointId)) {
        deliveries.push(Object.freeze({ ...delivery, durationMs: Math.round(delivery.durationMs) }));
      }
    },
    listDeliveries: async (endpointId: string, query: PageQuery) => {
      const { limit, after } = parsePageQuery(query);
      const matching = deliveries
        .filter((d) => d.endpointId === endpointId)
        .filter((d) => after === null || newestFirst(d, after) > 0)
        .sort(newestFirst);
      const page = matching.slice(0, limit);
      const last = page.at(-1);
      return {
        deliveries: page,
        nextCursor:
          matching.length > limit && last
            ? encodeAssetCursor({ createdAtMs: last.createdAtMs, id: last.id })
            : null,
      };
    },
  };
}
