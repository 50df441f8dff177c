/**
 * HTTP(S) requests to URLs a publisher gave us (a video to ingest, a webhook endpoint), safe against SSRF:
 * only http and https; every address, literal or resolved, is checked against the policy before the socket
 * connects (see guarded-lookup.ts for DNS pinning); redirects are followed by hand, at most `maxRedirects`,
 * and every hop is checked again. Errors are AppErrors: `url_not_allowed` for a refused URL or address,
 * `url_fetch_failed` for anything the remote side or the network did.
 */
import http from 'node:http';
import https from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import net from 'node:net';
import { AppError, isAppError } from '../domain/errors.js';
import type { AddressPolicy } from './address-policy.js';
import { addressRefused, createGuardedLookup, type Resolver } from './guarded-lookup.js';

export interface GuardedRequestOptions {
  readonly policy: AddressPolicy;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** Default 5; 0 answers a redirect as it is. */
  readonly maxRedirects?: number;
  /** Aborts the whole exchange, body included (the deadline). */
  readonly signal?: AbortSignal;
  /** Host name resolution (tests inject one); system DNS by default. */
  readonly resolve?: Resolver;
}

export interface GuardedResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The URL that answered, after redirects. */
  readonly url: string;
  /** Must be read or destroyed. */
  readonly body: IncomingMessage;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function guardedRequest(url: string, options: GuardedRequestOptions): Promise<GuardedResponse> {
  const maxRedirects = options.maxRedirects ?? 5;
  let current = parseHttpUrl(url);
  let method = options.method ?? 'GET';
  let body = options.body;
  for (let hop = 0; ; hop += 1) {
    const response = await requestOnce(current, method, body, options);
    const location = response.headers.location;
    if (!REDIRECTS.has(response.statusCode ?? 0) || location === undefined || maxRedirects === 0) {
      return {
        status: response.statusCode ?? 0,
        headers: response.headers,
        url: current.toString(),
        body: response,
      };
    }
    response.resume();
    if (hop >= maxRedirects) {
      throw new AppError('url_fetch_failed', `The URL redirected more than ${maxRedirects} times.`, {
        details: { url: current.toString() },
      });
    }
    current = parseHttpUrl(new URL(location, current).toString());
    // 303 always, and 301/302 after a POST by browser custom: the next request is a GET without a body.
    if (
      response.statusCode === 303 ||
      (method === 'POST' && response.statusCode !== 307 && response.statusCode !== 308)
    ) {
      method = 'GET';
      body = undefined;
    }
  }
}

/** Only absolute http(s) URLs; anything else (file:, gopher:, data:) is refused before any I/O. */
export function parseHttpUrl(text: string): URL {
  const url = URL.canParse(text) ? new URL(text) : null;
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new AppError('url_not_allowed', 'Only absolute http:// and https:// URLs can be fetched.', {
      details: { url: text.slice(0, 200) },
    });
  }
  return url;
}

function requestOnce(
  url: URL,
  method: string,
  body: string | Buffer | undefined,
  options: GuardedRequestOptions,
): Promise<IncomingMessage> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // A literal address never goes through `lookup`: check it here.
  if (net.isIP(host) !== 0) {
    const verdict = options.policy.check(host);
    if (!verdict.allowed) return Promise.reject(addressRefused(host, host, verdict.reason ?? 'refused'));
  }
  const lookup = createGuardedLookup(options.policy, options.resolve);
  const transport = url.protocol === 'https:' ? https : http;
  const agent = new transport.Agent({ keepAlive: false, lookup });
  return new Promise<IncomingMessage>((resolve, reject) => {
    const request = transport.request(url, {
      method,
      agent,
      headers: {
        'user-agent': 'ScalaCast/1',
        ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
        ...options.headers,
      },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    request.once('response', resolve);
    request.once('error', (error) => reject(translate(error, url, options.signal)));
    request.end(body);
  });
}

function translate(error: Error, url: URL, signal: AbortSignal | undefined): AppError {
  if (isAppError(error)) return error;
  if (signal?.aborted) {
    return new AppError('url_fetch_failed', `${url.host} did not answer in time.`, { cause: error });
  }
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'its host name does not resolve' : (code ?? error.message);
  return new AppError('url_fetch_failed', `${url.host} could not be reached: ${why}.`, {
    details: { host: url.host },
    cause: error,
  });
}
