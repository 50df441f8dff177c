/** The webhook delivery queue's contract, shared by its producers (origin, workers) and its consumer. */
import type { WebhookDeliveryJob } from '../ports.js';

export const WEBHOOK_QUEUE = 'webhooks';
export const DELIVER_WEBHOOK_JOB = 'deliver-webhook';

/** One job per (event, endpoint): a second enqueue of the same pair is a no-op. */
export function webhookJobId(job: WebhookDeliveryJob): string {
  return `${job.eventId}.${job.endpointId}`;
}

/** The payload, or null when it is not a version this code knows. */
export function parseWebhookDeliveryJob(data: unknown): WebhookDeliveryJob | null {
  if (typeof data !== 'object' || data === null) return null;
  const { v, eventId, endpointId } = data as Record<string, unknown>;
  if (v !== 1 || typeof eventId !== 'string' || typeof endpointId !== 'string') return null;
  return { v: 1, eventId, endpointId };
}
