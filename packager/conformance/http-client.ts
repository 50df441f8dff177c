/**
 * The checker's one door to the network: every request goes through the injected fetch, each answer is
 * reduced to ResponseFacts, bodies are read as a stream and either kept (manifests, segments to parse) or
 * only counted (probes), and every byte received is tallied for the report.
 */
import type { ResponseFacts } from './snapshot.js';

/** Far above any manifest or segment of a sane presentation; stops a wrong URL from filling memory. */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;

export interface HttpClientOptions {
  /** Default: the global fetch. Tests pass an app's in-process handler. */
  readonly fetch?: typeof fetch;
  /** Aborts every request in flight; the check then rejects with the abort reason. */
  readonly signal?: AbortSignal;
}

export interface HttpRequest {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** `keep` returns the body; `count` reads and drops it. Default `keep`. */
  readonly body?: 'keep' | 'count';
}

export interface HttpResult {
  readonly facts: ResponseFacts;
  /** The body when asked to keep it and the exchange completed. */
  readonly body: Buffer | null;
}

export interface HttpClient {
  request(url: string, request?: HttpRequest): Promise<HttpResult>;
  /** Body bytes received so far over every request. */
  bytesReceived(): number;
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const doFetch = options.fetch ?? fetch;
  let total = 0;
  return {
    bytesReceived: () => total,
    async request(url, request = {}) {
      const method = request.method ?? 'GET';
      const failed = (error: unknown, status = 0, headers: Record<string, string> = {}): HttpResult => ({
        facts: { url, method, status, headers, bodyBytes: 0, error: describe(error) },
        body: null,
      });
      options.signal?.throwIfAborted();
      let response: Response;
      try {
        response = await doFetch(url, {
          method,
          headers: request.headers ?? {},
          signal: options.signal,
          redirect: 'manual',
        });
      } catch (error) {
        options.signal?.throwIfAborted();
        return failed(error);
      }
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      try {
        const chunks = await readBody(response, request.body ?? 'keep', (bytes) => {
          total += bytes;
        });
        const bodyBytes = chunks.reduce((sum, chunk) => sum + chunk.length, 0) + chunks.dropped;
        const facts = { url, method, status: response.status, headers, bodyBytes, error: null };
        return { facts, body: request.body === 'count' ? null : Buffer.concat(chunks) };
      } catch (error) {
        options.signal?.throwIfAborted();
        return failed(error, response.status, headers);
      }
    },
  };
}

type Chunks = Buffer[] & { dropped: number };

async function readBody(
  response: Response,
  mode: 'keep' | 'count',
  onBytes: (bytes: number) => void,
): Promise<Chunks> {
  const chunks = Object.assign([] as Buffer[], { dropped: 0 });
  if (response.body === null) return chunks;
  const reader = response.body.getReader();
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    received += value.byteLength;
    onBytes(value.byteLength);
    if (received > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new Error(`the body is larger than ${MAX_BODY_BYTES} bytes`);
    }
    if (mode === 'keep') chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    else chunks.dropped += value.byteLength;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

/** A header of a response, or null. */
export function header(facts: ResponseFacts, name: string): string | null {
  return facts.headers[name.toLowerCase()] ?? null;
}
