/**
 * Webhook signatures, Stripe-style: `ScalaCast-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` where the
 * HMAC key is the endpoint's secret and the message is `<t>.<raw request body>`. Each attempt is signed
 * again with its own time, so a receiver can refuse old (replayed) deliveries by their `t`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'scalacast-signature';
export const EVENT_ID_HEADER = 'scalacast-event-id';
export const EVENT_TYPE_HEADER = 'scalacast-event-type';
export const ATTEMPT_HEADER = 'scalacast-delivery-attempt';

export function webhookSignature(secret: string, timestampSeconds: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${digest}`;
}

export interface VerifyOptions {
  readonly nowSeconds: number;
  /** How old (or how far in the future) `t` may be. Default 300 s. */
  readonly toleranceSeconds?: number;
}

/** True when `header` carries a v1 signature of `body` by `secret` with a recent enough timestamp. */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  options: VerifyOptions,
): boolean {
  if (!header) return false;
  const parts = new Map<string, string[]>();
  for (const item of header.split(',')) {
    const [name = '', value = ''] = item.trim().split('=', 2);
    parts.set(name, [...(parts.get(name) ?? []), value]);
  }
  const timestamp = Number(parts.get('t')?.[0]);
  if (!Number.isSafeInteger(timestamp)) return false;
  if (Math.abs(options.nowSeconds - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(webhookSignature(secret, timestamp, body).split('v1=')[1] ?? '', 'hex');
  return (parts.get('v1') ?? []).some((candidate) => {
    const given = Buffer.from(candidate, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
