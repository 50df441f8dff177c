/**
 * The origin's Prometheus metrics, on a Registry the composition root owns (never the global one, so tests
 * stay isolated). Route labels are route patterns (`/play/:assetId/master.m3u8`), never raw paths: the label
 * set stays bounded whatever clients request.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface OriginMetrics {
  readonly registry: Registry;
  /** Time from the request reaching the app to its response headers, by route pattern, method and status. */
  readonly requestDuration: Histogram<'route' | 'method' | 'status'>;
  /** Bytes of response bodies that declare a Content-Length (segments, manifests, scripts), by route pattern. */
  readonly responseBytes: Counter<'route'>;
  /** Requests being handled now. */
  readonly requestsInFlight: Gauge;
  /** Cache lookups: tier `memory` (this process) or `redis` (shared), kind `segment` or `manifest`. */
  readonly cacheLookups: Counter<'tier' | 'kind' | 'result'>;
  /** Calls to object storage by operation and outcome (`rejected`: refused by the open circuit breaker). */
  readonly storageReads: Counter<'operation' | 'result'>;
  /** Requests that waited for another request's fill instead of reading storage (`local` or `lease`). */
  readonly coalescedRequests: Counter<'scope'>;
  /** Storage circuit breaker: 0 closed, 1 half-open, 2 open. */
  readonly storageBreakerState: Gauge;
}

export const BREAKER_STATE_VALUES = { closed: 0, 'half-open': 1, open: 2 } as const;

export function createOriginMetrics(registry: Registry): OriginMetrics {
  return {
    registry,
    requestDuration: new Histogram({
      name: 'scalacast_origin_request_duration_seconds',
      help: 'Time to answer a request (to response headers), by route pattern, method and status.',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    responseBytes: new Counter({
      name: 'scalacast_origin_response_bytes_total',
      help: 'Bytes of response bodies (Content-Length), by route pattern.',
      labelNames: ['route'],
      registers: [registry],
    }),
    requestsInFlight: new Gauge({
      name: 'scalacast_origin_requests_in_flight',
      help: 'Requests being handled now.',
      registers: [registry],
    }),
    cacheLookups: new Counter({
      name: 'scalacast_origin_cache_lookups_total',
      help: 'Cache lookups by tier (memory, redis), kind (segment, manifest) and result (hit, miss, error).',
      labelNames: ['tier', 'kind', 'result'],
      registers: [registry],
    }),
    storageReads: new Counter({
      name: 'scalacast_origin_storage_reads_total',
      help: 'Object storage calls by operation (get, stat) and result (ok, not_found, error, timeout, rejected).',
      labelNames: ['operation', 'result'],
      registers: [registry],
    }),
    coalescedRequests: new Counter({
      name: 'scalacast_origin_coalesced_requests_total',
      help: 'Requests served by another request’s fill: in this process (local) or another instance (lease).',
      labelNames: ['scope'],
      registers: [registry],
    }),
    storageBreakerState: new Gauge({
      name: 'scalacast_origin_storage_breaker_state',
      help: 'Storage circuit breaker: 0 closed, 1 half-open (one trial call), 2 open (failing fast).',
      registers: [registry],
    }),
  };
}
