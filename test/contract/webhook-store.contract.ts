import { describe, expect, it } from 'vitest';
import type { WebhookDeliveryRecord } from '../../packager/ports.js';
import { START_MS, expectAppError } from './catalog-fixtures.js';
import type { PublisherHarness } from './publisher-stores-harness.js';

let counter = 0;
const id = (prefix: string) => `${prefix}${String((counter += 1)).padStart(8, '0')}`;

export function describeWebhookStore(h: PublisherHarness): void {
  describe('WebhookStore', () => {
    const endpoint = (events: ('asset.ready' | 'asset.created')[] = ['asset.ready']) => ({
      id: id('wh'),
      url: 'https://hooks.example.com/scalacast',
      description: 'main',
      events,
      secret: 'whsec_test',
    });

    it('creates, lists oldest first, reads and deletes endpoints', async () => {
      const webhooks = h.stores().webhooks;
      const first = await webhooks.createEndpoint(endpoint());
      h.clock().advance(5);
      const second = await webhooks.createEndpoint(endpoint(['asset.created', 'asset.ready']));
      expect(first).toEqual({ ...endpoint(), id: first.id, createdAtMs: START_MS });
      expect(await webhooks.getEndpoint(second.id)).toEqual(second);
      expect((await webhooks.listEndpoints()).map((e) => e.id)).toEqual([first.id, second.id]);
      expect(await webhooks.deleteEndpoint(first.id)).toBe(true);
      expect(await webhooks.deleteEndpoint(first.id)).toBe(false);
      expect(await webhooks.getEndpoint(first.id)).toBeNull();
    });

    it('records events, and asset.playable only once per asset', async () => {
      const webhooks = h.stores().webhooks;
      const event = (type: 'asset.playable' | 'asset.ready', assetId: string) => ({
        id: id('evt'),
        type,
        assetId,
        body: `{"type":"${type}"}`,
        createdAtMs: START_MS,
      });
      const ready = event('asset.ready', 'a1');
      expect(await webhooks.recordEvent(ready)).toBe(true);
      expect(await webhooks.recordEvent(event('asset.ready', 'a1'))).toBe(true);
      expect(await webhooks.recordEvent(event('asset.playable', 'a1'))).toBe(true);
      expect(await webhooks.recordEvent(event('asset.playable', 'a1'))).toBe(false);
      expect(await webhooks.recordEvent(event('asset.playable', 'a2'))).toBe(true);
      expect(await webhooks.getEvent(ready.id)).toEqual(ready);
      expect(await webhooks.getEvent('evt-unknown')).toBeNull();
    });

    it('keeps a delivery log per endpoint, newest first, paged, gone with the endpoint', async () => {
      const webhooks = h.stores().webhooks;
      const target = await webhooks.createEndpoint(endpoint());
      const other = await webhooks.createEndpoint(endpoint());
      const delivery = (endpointId: string, attempt: number): WebhookDeliveryRecord => ({
        id: id('dlv'),
        endpointId,
        eventId: 'evt1',
        eventType: 'asset.ready',
        attempt,
        statusCode: attempt < 3 ? 500 : 200,
        ok: attempt === 3,
        error: attempt < 3 ? 'HTTP 500' : null,
        durationMs: 12.4,
        createdAtMs: h.clock().nowMs(),
      });
      for (const attempt of [1, 2, 3]) {
        await webhooks.recordDelivery(delivery(target.id, attempt));
        await webhooks.recordDelivery(delivery(other.id, attempt));
        h.clock().advance(1000);
      }
      // A delivery of an endpoint deleted meanwhile is dropped, not an error.
      await webhooks.recordDelivery(delivery('wh-deleted', 1));

      const page1 = await webhooks.listDeliveries(target.id, { limit: 2 });
      expect(page1.deliveries.map((d) => d.attempt)).toEqual([3, 2]);
      expect(page1.deliveries[0]).toMatchObject({ statusCode: 200, ok: true, error: null, durationMs: 12 });
      const page2 = await webhooks.listDeliveries(target.id, { limit: 2, cursor: page1.nextCursor ?? '' });
      expect(page2.deliveries.map((d) => d.attempt)).toEqual([1]);
      expect(page2.nextCursor).toBeNull();
      await expectAppError(
        webhooks.listDeliveries(target.id, { limit: 2, cursor: 'nope!' }),
        'invalid_request',
      );

      await webhooks.deleteEndpoint(target.id);
      expect((await webhooks.listDeliveries(target.id, { limit: 10 })).deliveries).toEqual([]);
      expect((await webhooks.listDeliveries(other.id, { limit: 10 })).deliveries).toHaveLength(3);
    });
  });
}
