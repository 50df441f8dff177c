import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../test/fakes/memory-catalog.js';
import { createMemoryWebhooks } from '../../test/fakes/memory-webhooks.js';
import type { Logger, WebhookDeliveryJob, WebhookQueue } from '../ports.js';
import { createAssetEventPublisher } from './asset-event-publisher.js';
import { withAssetEvents } from './catalog-with-events.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

function setup(failQueue = false) {
  const catalog = createMemoryCatalog();
  const webhooks = createMemoryWebhooks();
  const jobs: WebhookDeliveryJob[] = [];
  const queue: WebhookQueue = {
    enqueueDeliveries: async (batch) => {
      if (failQueue) throw new Error('redis down');
      jobs.push(...batch);
    },
    close: async () => undefined,
  };
  let next = 0;
  const events = createAssetEventPublisher({
    catalog,
    webhooks,
    queue,
    clock: { nowMs: () => Date.UTC(2026, 10, 26) },
    newEventId: () => `evt_${(next += 1)}`,
    logger: silent,
  });
  return { catalog, webhooks, jobs, events };
}

const presentation = {
  version: 1 as const,
  durationMs: 1000,
  targetSegmentDurationMs: 2000,
  video: [],
  audio: [],
};

describe('asset events', () => {
  it('records each event with its exact body and enqueues it for every subscribed endpoint', async () => {
    const { catalog, webhooks, jobs, events } = setup();
    await webhooks.createEndpoint({
      id: 'wh_all',
      url: 'https://a',
      description: null,
      events: ['asset.created', 'asset.ready', 'asset.playable'],
      secret: 's',
    });
    await webhooks.createEndpoint({
      id: 'wh_ready',
      url: 'https://b',
      description: null,
      events: ['asset.ready'],
      secret: 's',
    });
    const asset = await catalog.createAsset({
      id: 'A'.repeat(20),
      title: 'T',
      sourceKey: 'k',
      sourceSizeBytes: 1,
      externalId: 'x-1',
    });
    await events.publish({ type: 'asset.created', assetId: asset.id, asset });
    expect(jobs).toEqual([{ v: 1, eventId: 'evt_1', endpointId: 'wh_all' }]);
    const body = JSON.parse((await webhooks.getEvent('evt_1'))?.body ?? '{}') as Record<string, unknown>;
    expect(body).toEqual({
      id: 'evt_1',
      type: 'asset.created',
      createdAt: '2026-11-26T00:00:00.000Z',
      data: {
        asset: {
          id: asset.id,
          status: 'queued',
          progress: 0,
          playable: false,
          title: 'T',
          externalId: 'x-1',
          passthrough: null,
          durationMs: null,
          error: null,
          playback: {
            hls: `/play/${asset.id}/master.m3u8`,
            dash: `/play/${asset.id}/manifest.mpd`,
            player: `/play/${asset.id}/player`,
          },
        },
      },
    });
  });

  it('reports playable once per asset, ready per commit and errored with its error, through the catalog', async () => {
    const { catalog, webhooks, jobs, events } = setup();
    await webhooks.createEndpoint({
      id: 'wh',
      url: 'https://a',
      description: null,
      events: ['asset.playable', 'asset.ready', 'asset.errored'],
      secret: 's',
    });
    const reporting = withAssetEvents(catalog, events);
    const id = 'B'.repeat(20);
    await catalog.createAsset({ id, title: null, sourceKey: 'k', sourceSizeBytes: 1 });
    await reporting.markProcessing(id, 1);
    await reporting.commitPreview(id, 1, presentation);
    await reporting.commitPreview(id, 1, presentation);
    await reporting.commitRevision(id, 1, presentation);
    await reporting.markProcessing(id, 2);
    await reporting.markErrored(id, 2, { code: 'transcode_failed', message: 'ffmpeg failed' });
    // Refused by the catalog (superseded revision): nothing is reported.
    await reporting.commitRevision(id, 1, presentation);
    const types = await Promise.all(jobs.map(async (job) => (await webhooks.getEvent(job.eventId))?.type));
    expect(types).toEqual(['asset.playable', 'asset.ready', 'asset.errored']);
    const errored = JSON.parse((await webhooks.getEvent(jobs[2]?.eventId ?? ''))?.body ?? '{}') as {
      data: { asset: { error: unknown } };
    };
    expect(errored.data.asset.error).toEqual({ code: 'transcode_failed', message: 'ffmpeg failed' });
  });

  it('never fails the work that caused the event', async () => {
    const { catalog, webhooks, events } = setup(true);
    await webhooks.createEndpoint({
      id: 'wh',
      url: 'https://a',
      description: null,
      events: ['asset.deleted'],
      secret: 's',
    });
    await expect(events.publish({ type: 'asset.deleted', assetId: 'C'.repeat(20) })).resolves.toBeUndefined();
    await expect(
      withAssetEvents(catalog, events).commitRevision('D'.repeat(20), 1, presentation),
    ).resolves.toBe(false);
  });
});
