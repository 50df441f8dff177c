// Webhook delivery end to end on a real redis-server and BullMQ: an event is published, a worker delivers
// it to a local receiver that fails twice, and BullMQ's backoff brings it back until it is accepted.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAddressPolicy } from '../../packager/net/address-policy.js';
import type { Logger } from '../../packager/ports.js';
import { createAssetEventPublisher } from '../../packager/webhooks/asset-event-publisher.js';
import {
  createBullmqWebhookQueue,
  startWebhookConsumer,
  type WebhookConsumer,
} from '../../packager/webhooks/bullmq-webhook-queue.js';
import { createWebhookDeliverer } from '../../packager/webhooks/deliver-webhook.js';
import { verifyWebhookSignature } from '../../packager/webhooks/webhook-signature.js';
import { createMemoryCatalog } from '../fakes/memory-catalog.js';
import { createMemoryWebhooks } from '../fakes/memory-webhooks.js';
import { startRedis, uniquePrefix, type TestRedis } from '../setup/redis.js';
import { waitFor } from '../setup/wait-for.js';

interface Received {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

let redis: TestRedis;
let connection: Redis;
let receiver: http.Server;
let receiverUrl: string;
const received: Received[] = [];
let answers: number[] = [];

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

beforeAll(async () => {
  redis = await startRedis();
  connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(answers.shift() ?? 200).end('thanks');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});

afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
  await connection?.quit();
  await redis?.stop();
});

describe('webhook delivery through BullMQ', () => {
  it('retries a receiver that answers 500 twice, with the same event id and a valid signature every time', async () => {
    answers = [500, 500, 200];
    const prefix = uniquePrefix('webhooks');
    const webhooks = createMemoryWebhooks();
    const catalog = createMemoryCatalog();
    const queue = createBullmqWebhookQueue({ connection, prefix, maxAttempts: 5, backoffMs: 50 });
    let ids = 0;
    const events = createAssetEventPublisher({
      catalog,
      webhooks,
      queue,
      clock: { nowMs: () => Date.now() },
      newEventId: () => `evt_${(ids += 1)}`,
      logger: silent,
    });
    const endpoint = await webhooks.createEndpoint({
      id: 'wh_receiver',
      url: receiverUrl,
      description: null,
      events: ['asset.ready'],
      secret: 'whsec_integration',
    });
    let consumer: WebhookConsumer | undefined;
    try {
      consumer = await startWebhookConsumer({
        connection,
        prefix,
        concurrency: 2,
        logger: silent,
        handler: createWebhookDeliverer({
          webhooks,
          // The receiver is on loopback: allowed only because the operator allow-list says so.
          policy: createAddressPolicy(['127.0.0.1/32']),
          timeoutMs: 5000,
          clock: { nowMs: () => Date.now() },
          newDeliveryId: () => `dlv_${(ids += 1)}`,
        }),
      });
      const asset = await catalog.createAsset({
        id: 'W'.repeat(20),
        title: 'hooked',
        sourceKey: 'k',
        sourceSizeBytes: 1,
      });
      await events.publish({ type: 'asset.ready', assetId: asset.id, asset });

      await waitFor(() => received.length >= 3, { timeoutMs: 30_000, what: 'three delivery attempts' });
      await waitFor(
        async () => (await webhooks.listDeliveries(endpoint.id, { limit: 10 })).deliveries.length === 3,
        {
          what: 'three logged attempts',
        },
      );
      expect(received).toHaveLength(3);
      const eventIds = received.map((delivery) => delivery.headers['scalacast-event-id']);
      expect(new Set(eventIds)).toEqual(new Set(['evt_1']));
      expect(received.map((delivery) => delivery.headers['scalacast-delivery-attempt'])).toEqual([
        '1',
        '2',
        '3',
      ]);
      for (const delivery of received) {
        expect(delivery.headers['content-type']).toBe('application/json');
        expect(JSON.parse(delivery.body)).toMatchObject({
          id: 'evt_1',
          type: 'asset.ready',
          data: { asset: { id: asset.id } },
        });
        const signature = String(delivery.headers['scalacast-signature']);
        expect(
          verifyWebhookSignature('whsec_integration', signature, delivery.body, {
            nowSeconds: Math.floor(Date.now() / 1000),
          }),
        ).toBe(true);
        expect(
          verifyWebhookSignature('whsec_other', signature, delivery.body, {
            nowSeconds: Math.floor(Date.now() / 1000),
          }),
        ).toBe(false);
      }
      expect(new Set(received.map((delivery) => delivery.body)).size).toBe(1);
      const attempts = (await webhooks.listDeliveries(endpoint.id, { limit: 10 })).deliveries;
      expect(attempts.map((a) => [a.attempt, a.statusCode, a.ok])).toEqual([
        [3, 200, true],
        [2, 500, false],
        [1, 500, false],
      ]);
      expect(attempts[1]?.error).toBe('The endpoint answered HTTP 500.');
    } finally {
      await consumer?.close();
      await queue.close();
    }
  });
});
