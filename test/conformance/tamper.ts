/**
 * Deliberately broken inputs for the checker's tests: a fetch that rewrites chosen answers of the real origin
 * (manifest text, headers, status, bytes) so the checker parses something broken exactly as it would meet
 * it, and edits of a collected snapshot for facts only the media bytes carry (decode times, sample flags).
 */
import type { FragmentInfo } from '../../packager/media/media-segment.js';
import type { InitSegmentInfo } from '../../packager/media/init-segment.js';
import type { SampleInfo } from '../../packager/media/track-fragment.js';
import { type PackagedPresentation, snapshotOf } from './packaged-presentation.js';
import type {
  InitSnapshot,
  PresentationSnapshot,
  SegmentSnapshot,
} from '../../packager/conformance/snapshot.js';

export interface TamperRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Headers;
}

export interface Tamper {
  readonly when: (request: TamperRequest) => boolean;
  readonly status?: number;
  readonly headers?: (headers: Headers) => void;
  readonly text?: (text: string) => string;
  readonly bytes?: (bytes: Buffer) => Buffer;
}

export function tamperedFetch(inner: typeof fetch, ...tampers: readonly Tamper[]): typeof fetch {
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const request = { url, method: init?.method ?? 'GET', headers: new Headers(init?.headers) };
    let response = await inner(input, init);
    for (const tamper of tampers) {
      if (!tamper.when(request)) continue;
      const headers = new Headers(response.headers);
      tamper.headers?.(headers);
      let body: Buffer | null = response.body === null ? null : Buffer.from(await response.arrayBuffer());
      if (body !== null && tamper.text) body = Buffer.from(tamper.text(body.toString('utf8')));
      if (body !== null && tamper.bytes) body = tamper.bytes(body);
      if (body !== null && (tamper.text || tamper.bytes)) headers.set('content-length', String(body.length));
      response = new Response(body === null ? null : new Uint8Array(body), {
        status: tamper.status ?? response.status,
        headers,
      });
    }
    return response;
  };
}

/** Requests whose path ends with `suffix` (`master.m3u8`, `480p/2.m4s`), GET unless said otherwise. */
export function on(suffix: string, method = 'GET'): (request: TamperRequest) => boolean {
  return (request) => request.method === method && request.url.pathname.endsWith(`/${suffix}`);
}

function onlyKey<T>(map: ReadonlyMap<string, T>, suffix: string): string {
  const keys = [...map.keys()].filter((key) => new URL(key).pathname.endsWith(`/${suffix}`));
  if (keys.length !== 1 || keys[0] === undefined) throw new Error(`${keys.length} URLs end with ${suffix}`);
  return keys[0];
}

export function editSegment(
  snapshot: PresentationSnapshot,
  suffix: string,
  edit: (segment: SegmentSnapshot) => SegmentSnapshot,
): PresentationSnapshot {
  const key = onlyKey(snapshot.segments, suffix);
  const segments = new Map(snapshot.segments);
  segments.set(key, edit(segments.get(key) as SegmentSnapshot));
  return { ...snapshot, segments };
}

export function editInit(
  snapshot: PresentationSnapshot,
  suffix: string,
  edit: (info: InitSegmentInfo) => InitSegmentInfo,
): PresentationSnapshot {
  const key = onlyKey(snapshot.inits, suffix);
  const inits = new Map(snapshot.inits);
  const init = inits.get(key) as InitSnapshot;
  if (init.info === null) throw new Error(`${suffix} was not readable`);
  inits.set(key, { ...init, info: edit(init.info) });
  return { ...snapshot, inits };
}

/** The segment with fragment `index` patched. */
export function patchFragment(index: number, patch: Partial<FragmentInfo>) {
  return (segment: SegmentSnapshot): SegmentSnapshot => ({
    ...segment,
    fragments: segment.fragments.map((fragment, i) => (i === index ? { ...fragment, ...patch } : fragment)),
  });
}

/** The segment with sample `sample` of its first fragment patched. */
export function patchSample(sample: number, patch: Partial<SampleInfo>) {
  return (segment: SegmentSnapshot): SegmentSnapshot => ({
    ...segment,
    samples: segment.samples.map((samples, fragment) =>
      fragment === 0 ? samples.map((info, i) => (i === sample ? { ...info, ...patch } : info)) : samples,
    ),
  });
}

/** The snapshot the checker collects from `presentation` with `tampers` applied to the origin's answers. */
export function snapshotWith(
  presentation: PackagedPresentation,
  ...tampers: readonly Tamper[]
): Promise<PresentationSnapshot> {
  return snapshotOf({ ...presentation, fetch: tamperedFetch(presentation.fetch, ...tampers) });
}

/** Rewrites the text of the GET answers whose path ends with `suffix`. */
export function rewrite(suffix: string, text: (text: string) => string): Tamper {
  return { when: on(suffix), text };
}
