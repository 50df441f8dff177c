/**
 * The node:http fast lane: answers playback cache hits (segments and manifests already in this process's
 * memory, asset record fresh) straight from prepared Buffers and header lists, before Hono sees the request.
 * Everything else (a miss, a refusal, an error, any other route) returns false and goes to the Hono app,
 * which applies the same DeliveryService rules. Same metrics and headers in both lanes; hits are logged only
 * at debug level (they are counted in the metrics), which keeps a cache hit at the cost of a memory read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../../packager/ports.js';
import { parseDeliveryPath, routeOf } from '../delivery/delivery-path.js';
import type { DeliveryService } from '../delivery/delivery-service.js';
import type { OriginMetrics } from './metrics.js';
import { acceptRequestId } from './request-context.js';

export interface FastLaneDeps {
  readonly delivery: DeliveryService;
  readonly metrics: OriginMetrics;
  readonly logger: Logger;
  /** Write an access line per hit (debug level); off unless LOG_LEVEL is debug or trace. */
  readonly logHits: boolean;
}

export type FastLane = (req: IncomingMessage, res: ServerResponse) => boolean;

const PREFIX = '/play/';

export function createFastLane(deps: FastLaneDeps): FastLane {
  const { delivery, metrics, logger, logHits } = deps;
  return (req, res) => {
    const method = req.method;
    if (method !== 'GET' && method !== 'HEAD') return false;
    const url = req.url;
    if (url === undefined || !url.startsWith(PREFIX)) return false;
    const startedMs = performance.now();
    const queryAt = url.indexOf('?');
    const target = parseDeliveryPath(queryAt < 0 ? url : url.slice(0, queryAt));
    if (!target) return false;
    const headers = req.headers;
    const answer = delivery.answerNow({ method, target, header: (name) => firstValue(headers[name]) });
    if (!answer) return false;

    const requestId = acceptRequestId(firstValue(headers['x-request-id']));
    res.writeHead(answer.status, [...answer.headers, 'X-Request-Id', requestId]);
    res.end(answer.body ?? undefined);

    const route = routeOf(target);
    const durationSeconds = (performance.now() - startedMs) / 1000;
    const status = answer.status === 200 ? '200' : String(answer.status);
    metrics.requestDuration.observe({ route, method, status }, durationSeconds);
    if (answer.body) metrics.responseBytes.inc({ route }, answer.body.length);
    if (logHits) {
      const line = { requestId, method, route, status: answer.status, durationMs: durationSeconds * 1000 };
      logger.debug({ ...line, bytes: answer.body?.length ?? null, lane: 'fast' }, 'request');
    }
    return true;
  };
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
