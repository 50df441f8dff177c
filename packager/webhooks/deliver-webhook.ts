/**
 * One delivery attempt of one event to one endpoint: POST the recorded body, signed for this attempt, with
 * a deadline; no redirects followed (a receiver answers, it does not send us elsewhere); every address
 * checked by the outbound policy. The attempt is written to the endpoint's delivery log whatever happens.
 * A non-2xx answer, a timeout or a connection failure throws a retryable error, so the queue backs off and
 * tries again; the final failure stays in the log.
 */
import { performance } from 'node:perf_hooks';
import { AppError } from '../domain/errors.js';
import type { AddressPolicy } from '../net/address-policy.js';
import type { Resolver } from '../net/guarded-lookup.js';
import { guardedRequest } from '../net/guarded-request.js';
import type { Clock, WebhookDeliveryJob, WebhookStore } from '../ports.js';
import type { WebhookAttempt } from './bullmq-webhook-queue.js';
import {
  ATTEMPT_HEADER,
  EVENT_ID_HEADER,
  EVENT_TYPE_HEADER,
  SIGNATURE_HEADER,
  webhookSignature,
} from './webhook-signature.js';

export interface WebhookDelivererDeps {
  readonly webhooks: WebhookStore;
  readonly policy: AddressPolicy;
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly newDeliveryId: () => string;
  /** Tests inject host name resolution; system DNS otherwise. */
  readonly resolve?: Resolver;
}

/** Bytes of a receiver's answer we read before hanging up: we only need its status. */
const MAX_ANSWER_BYTES = 64 * 1024;

export function createWebhookDeliverer(deps: WebhookDelivererDeps) {
  return async (job: WebhookDeliveryJob, { attempt, logger }: WebhookAttempt): Promise<void> => {
    const [endpoint, event] = await Promise.all([
      deps.webhooks.getEndpoint(job.endpointId),
      deps.webhooks.getEvent(job.eventId),
    ]);
    if (!endpoint || !event) {
      logger.info({ endpointId: job.endpointId }, 'webhook delivery dropped: endpoint or event gone');
      return;
    }
    const startedMs = performance.now();
    let statusCode: number | null = null;
    let failure: string | null = null;
    try {
      const response = await guardedRequest(endpoint.url, {
        policy: deps.policy,
        method: 'POST',
        maxRedirects: 0,
        signal: AbortSignal.timeout(deps.timeoutMs),
        body: event.body,
        headers: {
          'content-type': 'application/json',
          [EVENT_ID_HEADER]: event.id,
          [EVENT_TYPE_HEADER]: event.type,
          [ATTEMPT_HEADER]: String(attempt),
          [SIGNATURE_HEADER]: webhookSignature(
            endpoint.secret,
            Math.floor(deps.clock.nowMs() / 1000),
            event.body,
          ),
        },
        ...(deps.resolve ? { resolve: deps.resolve } : {}),
      });
      statusCode = response.status;
      await drain(response.body);
      if (statusCode < 200 || statusCode > 299) failure = `The endpoint answered HTTP ${statusCode}.`;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    const durationMs = performance.now() - startedMs;
    await deps.webhooks.recordDelivery({
      id: deps.newDeliveryId(),
      endpointId: endpoint.id,
      eventId: event.id,
      eventType: event.type,
      attempt,
      statusCode,
      ok: failure === null,
      error: failure,
      durationMs,
      createdAtMs: deps.clock.nowMs(),
    });
    if (failure !== null) {
      logger.warn({ endpointId: endpoint.id, statusCode, failure }, 'webhook delivery failed');
      throw new AppError('url_fetch_failed', failure, { retryable: true });
    }
    logger.info(
      { endpointId: endpoint.id, statusCode, durationMs: Math.round(durationMs) },
      'webhook delivered',
    );
  };
}

async function drain(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<void> {
  let received = 0;
  try {
    for await (const chunk of body) {
      received += chunk.length;
      if (received > MAX_ANSWER_BYTES) break;
    }
  } finally {
    body.destroy();
  }
}
