import { describe, expect, it } from 'vitest';
import { createHttpClient } from './http-client.js';

const serve =
  (body: string, init: ResponseInit = {}): typeof fetch =>
  async () =>
    new Response(body, init);

describe('the checker HTTP client', () => {
  it('keeps or only counts bodies, tallies every byte, and lower-cases header names', async () => {
    const client = createHttpClient({ fetch: serve('hello', { headers: { 'Content-Type': 'text/plain' } }) });
    const kept = await client.request('http://x.test/a');
    expect(kept.body?.toString()).toBe('hello');
    expect(kept.facts).toMatchObject({ status: 200, bodyBytes: 5, error: null, method: 'GET' });
    expect(kept.facts.headers['content-type']).toBe('text/plain');
    const counted = await client.request('http://x.test/a', { body: 'count' });
    expect(counted.body).toBeNull();
    expect(counted.facts.bodyBytes).toBe(5);
    expect(client.bytesReceived()).toBe(10);
  });

  it('turns a network failure into facts instead of throwing', async () => {
    const client = createHttpClient({
      fetch: async () => {
        throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
      },
    });
    const { facts, body } = await client.request('http://x.test/a');
    expect(body).toBeNull();
    expect(facts).toMatchObject({ status: 0, error: 'fetch failed (connect ECONNREFUSED)' });
  });

  it('rejects once the signal aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const client = createHttpClient({ fetch: serve('x'), signal: controller.signal });
    await expect(client.request('http://x.test/a')).rejects.toThrow('stop');
  });
});
