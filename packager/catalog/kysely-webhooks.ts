import type { Kysely } from 'kysely';
import { isAssetEventType, type AssetEventType } from '../domain/asset-events.js';
import type {
  Clock,
  NewWebhookEndpoint,
  PageQuery,
  WebhookDeliveryPage,
  WebhookDeliveryRecord,
  WebhookEndpointRecord,
  WebhookEventRecord,
  WebhookStore,
} from '../ports.js';
import { guardDatabase, sqlStateOf } from './guard-database.js';
import { newestFirstPage, nextPageCursor, parsePageQuery } from './page-query.js';
import type { WebhookDeliveryRow, WebhookEndpointRow } from './publisher-schema.js';
import type { Database } from './schema.js';

/** Webhook endpoints, the events sent to them and the per-endpoint delivery log. */
export function createKyselyWebhooks(deps: {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
}): WebhookStore {
  const { db, clock } = deps;
  return {
    createEndpoint: (endpoint: NewWebhookEndpoint) =>
      guardDatabase('creating a webhook endpoint', async () => {
        const row = await db
          .insertInto('webhook_endpoints')
          .values({
            id: endpoint.id,
            url: endpoint.url,
            description: endpoint.description,
            events: JSON.stringify(endpoint.events),
            secret: endpoint.secret,
            created_at: new Date(clock.nowMs()),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toEndpointRecord(row);
      }),

    getEndpoint: (id: string) =>
      guardDatabase('reading a webhook endpoint', async () => {
        const row = await db
          .selectFrom('webhook_endpoints')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirst();
        return row ? toEndpointRecord(row) : null;
      }),

    listEndpoints: () =>
      guardDatabase('listing webhook endpoints', async () => {
        const rows = await db
          .selectFrom('webhook_endpoints')
          .selectAll()
          .orderBy('created_at')
          .orderBy('id')
          .execute();
        return rows.map(toEndpointRecord);
      }),

    deleteEndpoint: (id: string) =>
      guardDatabase('deleting a webhook endpoint', async () => {
        const result = await db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
        return result.numDeletedRows > 0n;
      }),

    recordEvent: (event: WebhookEventRecord) =>
      guardDatabase('recording a webhook event', async () => {
        try {
          await db
            .insertInto('webhook_events')
            .values({
              id: event.id,
              type: event.type,
              asset_id: event.assetId,
              body: event.body,
              created_at: new Date(event.createdAtMs),
            })
            .execute();
          return true;
        } catch (error) {
          // The partial unique index on asset.playable: the event was already recorded for this asset.
          if (sqlStateOf(error) === '23505' && event.type === 'asset.playable') return false;
          throw error;
        }
      }),

    getEvent: (id: string) =>
      guardDatabase('reading a webhook event', async () => {
        const row = await db.selectFrom('webhook_events').selectAll().where('id', '=', id).executeTakeFirst();
        if (!row || !isAssetEventType(row.type)) return null;
        return {
          id: row.id,
          type: row.type,
          assetId: row.asset_id,
          body: row.body,
          createdAtMs: row.created_at.getTime(),
        };
      }),

    recordDelivery: (delivery: WebhookDeliveryRecord) =>
      guardDatabase('recording a webhook delivery', async () => {
        // insert ... select: nothing is inserted when the endpoint was deleted while the attempt ran.
        await db
          .insertInto('webhook_deliveries')
          .columns([
            'id',
            'endpoint_id',
            'event_id',
            'event_type',
            'attempt',
            'status_code',
            'ok',
            'error',
            'duration_ms',
            'created_at',
          ])
          .expression((eb) =>
            eb
              .selectFrom('webhook_endpoints')
              .select([
                eb.val(delivery.id).as('id'),
                'webhook_endpoints.id as endpoint_id',
                eb.val(delivery.eventId).as('event_id'),
                eb.val(delivery.eventType).as('event_type'),
                eb.val(delivery.attempt).as('attempt'),
                eb.val(delivery.statusCode).as('status_code'),
                eb.val(delivery.ok).as('ok'),
                eb.val(delivery.error).as('error'),
                eb.val(Math.round(delivery.durationMs)).as('duration_ms'),
                eb.val(new Date(delivery.createdAtMs)).as('created_at'),
              ])
              .where('webhook_endpoints.id', '=', delivery.endpointId),
          )
          .execute();
      }),

    listDeliveries: (endpointId: string, query: PageQuery) =>
      guardDatabase('listing webhook deliveries', async (): Promise<WebhookDeliveryPage> => {
        const page = parsePageQuery(query);
        const { limit } = page;
        const select = db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId);
        const rows = await newestFirstPage(select, page).execute();
        const deliveries = rows.slice(0, limit).flatMap(toDeliveryRecord);
        return { deliveries, nextCursor: nextPageCursor(rows.length, limit, deliveries.at(-1)) };
      }),
  };
}

function toEndpointRecord(row: WebhookEndpointRow): WebhookEndpointRecord {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events.filter(isAssetEventType),
    secret: row.secret,
    createdAtMs: row.created_at.getTime(),
  };
}

function toDeliveryRecord(row: WebhookDeliveryRow): WebhookDeliveryRecord[] {
  if (!isAssetEventType(row.event_type)) return [];
  const eventType: AssetEventType = row.event_type;
  return [
    {
      id: row.id,
      endpointId: row.endpoint_id,
      eventId: row.event_id,
      eventType,
      attempt: row.attempt,
      statusCode: row.status_code,
      ok: row.ok,
      error: row.error,
      durationMs: row.duration_ms,
      createdAtMs: row.created_at.getTime(),
    },
  ];
}
