import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature, webhookSignature } from './webhook-signature.js';

describe('webhook signatures', () => {
  const body = '{"id":"evt_1","type":"asset.ready"}';
  const secret = 'whsec_test';

  it('is HMAC-SHA256 of "<t>.<body>" with the secret, as the README tells receivers', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(webhookSignature(secret, 1_700_000_000, body)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies a fresh signature and refuses tampering, other secrets and stale timestamps', () => {
    const header = webhookSignature(secret, 1_700_000_000, body);
    const now = { nowSeconds: 1_700_000_100 };
    expect(verifyWebhookSignature(secret, header, body, now)).toBe(true);
    expect(verifyWebhookSignature(secret, header, `${body} `, now)).toBe(false);
    expect(verifyWebhookSignature('whsec_other', header, body, now)).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, { nowSeconds: 1_700_000_301 })).toBe(false);
    expect(verifyWebhookSignature(secret, header.replace('t=1700000000', 't=1700000050'), body, now)).toBe(
      false,
    );
    expect(verifyWebhookSignature(secret, undefined, body, now)).toBe(false);
    expect(verifyWebhookSignature(secret, 't=abc,v1=00', body, now)).toBe(false);
  });
});
