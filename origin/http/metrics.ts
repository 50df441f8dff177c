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
}

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
  };
}
