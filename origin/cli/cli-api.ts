/** The CLI's HTTP client of the public API: the key on every request, problem+json turned into CliError. */

export class CliError extends Error {
  override readonly name = 'CliError';
  /** Process exit status: 1 the API refused or failed, 2 usage or configuration. */
  readonly exitCode: number;
  /** True when trying again may succeed (the server was unreachable). */
  readonly retryable: boolean;
  constructor(message: string, exitCode = 1, retryable = false) {
    super(message);
    this.exitCode = exitCode;
    this.retryable = retryable;
  }
}

export interface CliApi {
  readonly baseUrl: string;
  readonly key: string;
  /** A JSON request; resolves to the parsed body (null for 204). Throws CliError for any non-2xx answer. */
  json<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** A raw request with the key added (uploads). */
  request(url: string, init: RequestInit): Promise<Response>;
}

export function createCliApi(baseUrl: string, key: string, doFetch: typeof fetch = fetch): CliApi {
  const base = baseUrl.replace(/\/+$/, '');
  const request = async (url: string, init: RequestInit) => {
    try {
      return await doFetch(url, {
        ...init,
        headers: { authorization: `Bearer ${key}`, ...(init.headers as Record<string, string> | undefined) },
      });
    } catch (error) {
      const reason =
        error instanceof Error
          ? ((error.cause as Error | undefined)?.message ?? error.message)
          : String(error);
      throw new CliError(`Cannot reach ScalaCast at ${base} (${reason}). Is SCALACAST_URL right?`, 1, true);
    }
  };
  return {
    baseUrl: base,
    key,
    request,
    async json<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await request(`${base}${path}`, {
        method,
        ...(body === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
      await assertOk(response, `${method} ${path}`);
      return (response.status === 204 ? null : await response.json()) as T;
    },
  };
}

/** Throws a CliError carrying the problem's detail (and field errors) for a non-2xx answer. */
export async function assertOk(response: Response, what: string): Promise<void> {
  if (response.ok) return;
  const text = await response.text();
  let message = `${what}: HTTP ${response.status}`;
  try {
    const problem = JSON.parse(text) as {
      code?: string;
      detail?: string;
      errors?: { field: string; message: string }[];
    };
    message = `${what}: ${problem.detail ?? `HTTP ${response.status}`} (${problem.code ?? response.status})`;
    for (const error of problem.errors ?? []) message += `\n  ${error.field}: ${error.message}`;
  } catch {
    if (text) message += ` ${text.slice(0, 200)}`;
  }
  throw new CliError(message);
}
