import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../domain/errors.js';
import { createAddressPolicy } from './address-policy.js';
import type { Resolver } from './guarded-lookup.js';
import { guardedRequest } from './guarded-request.js';

// A real server on 127.0.0.1. Only an allow-list that names 127.0.0.1/32 lets requests reach it, which
// proves each refusal below is the guard's doing and not a dead port.
let server: http.Server;
let port: number;
let requestsSeen = 0;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    requestsSeen += 1;
    const url = new URL(request.url ?? '/', 'http://x');
    const to = url.searchParams.get('to');
    if (url.pathname === '/redirect' && to !== null) {
      response.writeHead(302, { location: to }).end();
    } else if (url.pathname === '/loop') {
      response.writeHead(302, { location: '/loop' }).end();
    } else {
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`hello ${request.method}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const allowLoopback = createAddressPolicy(['127.0.0.1/32']);
const strict = createAddressPolicy();
const resolverOf =
  (table: Record<string, string[]>, calls: string[] = []): Resolver =>
  async (hostname) => {
    calls.push(hostname);
    return (table[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = (await promise.then(
    () => null,
    (rejection: unknown) => rejection,
  )) as AppError | null;
  expect(error).not.toBeNull();
  return error as AppError;
}

describe('guardedRequest', () => {
  it('fetches from an allow-listed address', async () => {
    const response = await guardedRequest(`http://127.0.0.1:${port}/video`, { policy: allowLoopback });
    expect(response.status).toBe(200);
    expect(await text(response.body)).toBe('hello GET');
  });

  it.each([
    ['a loopback literal', (p: number) => `http://127.0.0.1:${p}/`, 'loopback'],
    ['an IPv6 loopback literal', (p: number) => `http://[::1]:${p}/`, 'loopback'],
    ['an IPv4-mapped loopback literal', (p: number) => `http://[::ffff:127.0.0.1]:${p}/`, 'loopback'],
    ['a decimal-encoded loopback', (p: number) => `http://2130706433:${p}/`, 'loopback'],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['a private literal', () => 'http://10.0.0.1/', 'private'],
  ])('refuses %s without connecting', async (_name, urlOf, reason) => {
    const before = requestsSeen;
    const error = await refusal(guardedRequest(urlOf(port), { policy: strict }));
    expect(error).toMatchObject({ code: 'url_not_allowed', details: { reason } });
    expect(requestsSeen).toBe(before);
  });

  it('refuses a host name that resolves to a loopback address (localhost)', async () => {
    const error = await refusal(guardedRequest(`http://localhost:${port}/`, { policy: strict }));
    expect(error).toMatchObject({
      code: 'url_not_allowed',
      details: { host: 'localhost', reason: 'loopback' },
    });
  });

  it('refuses a public-looking name that resolves to private or link-local addresses', async () => {
    const resolve = resolverOf({
      'intranet.example': ['10.9.8.7'],
      'metadata.example': ['169.254.169.254'],
      'mixed.example': ['93.184.216.34', '127.0.0.1'],
    });
    for (const [host, reason] of [
      ['intranet.example', 'private'],
      ['metadata.example', 'link-local'],
      ['mixed.example', 'loopback'],
    ] as const) {
      const error = await refusal(guardedRequest(`http://${host}/`, { policy: strict, resolve }));
      expect(error).toMatchObject({ code: 'url_not_allowed', details: { host, reason } });
    }
  });

  it('connects to exactly the address it checked (one resolution per connection: no DNS rebinding)', async () => {
    const calls: string[] = [];
    let answers = 0;
    // A rebinding resolver: the checked answer is allow-listed, any later answer would be private.
    const resolve: Resolver = async (hostname) => {
      calls.push(hostname);
      answers += 1;
      return [{ address: answers === 1 ? '127.0.0.1' : '10.0.0.1', family: 4 }];
    };
    const response = await guardedRequest(`http://rebind.example:${port}/`, {
      policy: allowLoopback,
      resolve,
    });
    expect(await text(response.body)).toBe('hello GET');
    expect(calls).toEqual(['rebind.example']);
  });

  it('checks every redirect hop, literal or resolved', async () => {
    const resolve = resolverOf({ 'inside.example': ['192.168.1.20'] });
    for (const [to, reason] of [
      ['http://10.0.0.1/secret', 'private'],
      [`http://127.0.0.2:${port}/`, 'loopback'],
      ['http://inside.example/', 'private'],
      ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ] as const) {
      const start = `http://127.0.0.1:${port}/redirect?to=${encodeURIComponent(to)}`;
      const error = await refusal(guardedRequest(start, { policy: allowLoopback, resolve }));
      expect(error).toMatchObject({ code: 'url_not_allowed', details: { reason } });
    }
    const allowed = `http://127.0.0.1:${port}/redirect?to=${encodeURIComponent('/final')}`;
    const response = await guardedRequest(allowed, { policy: allowLoopback });
    expect(response.url).toBe(`http://127.0.0.1:${port}/final`);
    expect(await text(response.body)).toBe('hello GET');
  });

  it('stops after too many redirects, and answers a redirect as-is when told not to follow', async () => {
    const loop = `http://127.0.0.1:${port}/loop`;
    const error = await refusal(guardedRequest(loop, { policy: allowLoopback, maxRedirects: 3 }));
    expect(error).toMatchObject({ code: 'url_fetch_failed' });
    const response = await guardedRequest(loop, { policy: allowLoopback, maxRedirects: 0 });
    expect(response.status).toBe(302);
    response.body.resume();
  });

  it('refuses other schemes and reports unreachable hosts', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.com/a', 'gopher://x/', 'not a url']) {
      expect(await refusal(guardedRequest(url, { policy: strict }))).toMatchObject({
        code: 'url_not_allowed',
      });
    }
    const resolve = resolverOf({});
    const error = await refusal(guardedRequest('http://nowhere.example/', { policy: strict, resolve }));
    expect(error).toMatchObject({ code: 'url_fetch_failed' });
  });
});
