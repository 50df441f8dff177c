/**
 * The Hono side of playback delivery: every path of delivery-path.ts, with and without a token prefix. The
 * node:http fast lane answers cache hits before Hono sees them; everything else (misses, refusals, errors)
 * comes here and gets the same rules from the DeliveryService, and errors their problem+json body.
 */
import { Hono, type Context } from 'hono';
import { AppError } from '../../packager/domain/errors.js';
import type { AppEnv } from '../http/app-env.js';
import { toWebStream } from '../http/web-stream.js';
import { DELIVERY_ROUTES, parseDeliveryPath, SIGNED_DELIVERY_ROUTES } from './delivery-path.js';
import type { DeliveryAnswer, DeliveryService } from './delivery-service.js';

export interface DeliveryDeps {
  readonly delivery: DeliveryService;
}

export function createDeliveryRoutes(deps: DeliveryDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const handle = async (c: Context<AppEnv>) => {
    const target = parseDeliveryPath(c.req.path);
    if (!target) throw new AppError('invalid_path', 'This is not a playback path.');
    const answer = await deps.delivery.answer({
      method: c.req.method,
      target,
      // A request made in process (app.request) has no Host header; its URL names the host all the same.
      header: (name) => c.req.header(name) ?? (name === 'host' ? new URL(c.req.url).host : undefined),
    });
    return toResponse(answer);
  };
  // Signed paths first: `/play/t/...` would otherwise also match the unsigned 4-part pattern. A pattern two
  // kinds share (subtitle playlists and files) is registered once.
  const patterns = new Set([...Object.values(SIGNED_DELIVERY_ROUTES), ...Object.values(DELIVERY_ROUTES)]);
  for (const pattern of patterns) {
    routes.get(pattern, handle);
  }
  return routes;
}

function toResponse(answer: DeliveryAnswer): Response {
  const headers = new Headers();
  for (let index = 0; index < answer.headers.length; index += 2) {
    headers.append(answer.headers[index] ?? '', answer.headers[index + 1] ?? '');
  }
  if ('stream' in answer && answer.stream) {
    return new Response(toWebStream(answer.stream), { status: answer.status, headers });
  }
  return new Response(answer.body as Uint8Array<ArrayBuffer> | null, { status: answer.status, headers });
}
