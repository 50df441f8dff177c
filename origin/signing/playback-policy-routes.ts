/**
 * `PUT /v1/assets/{id}/playback-policy`: who may play an asset. Body `{ "signed": true, "allowedOrigins":
 * ["https://site.example"] }` (both optional: false and [] when absent) replaces the policy and answers the
 * asset object, whose `playback` URLs then carry a token when signed. Every origin instance applies a change
 * within ASSET_CACHE_TTL_MS; this one at once.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { isAssetId, type PlaybackPolicy } from '../../packager/domain/asset.js';
import { AppError } from '../../packager/domain/errors.js';
import type { Catalog } from '../../packager/ports.js';
import { requireScope } from '../auth/api-auth.js';
import type { ApiEnv } from '../auth/api-env.js';
import { cacheControlFor } from '../http/cache-control.js';
import { publicBase, toAssetView } from '../publish/asset-view.js';
import { normalizeAllowedOrigin } from './playback-access.js';
import type { PlaybackLinks } from './playback-links.js';
import type { PlaybackTokens } from './playback-token.js';

export interface PlaybackPolicyRoutesDeps {
  readonly catalog: Catalog;
  readonly tokens: PlaybackTokens | null;
  readonly links: PlaybackLinks;
  readonly publicBaseUrl?: string | undefined;
  /** Called after a change, so this process stops serving from its copy of the old policy. */
  readonly onPolicyChanged: (assetId: string) => void;
}

const MAX_ALLOWED_ORIGINS = 50;

const policyBody = z.strictObject({
  signed: z.boolean().default(false),
  allowedOrigins: z
    .array(z.string().max(300))
    .max(MAX_ALLOWED_ORIGINS)
    .default([])
    .transform((values, context) =>
      values.map((value, index) => {
        const origin = normalizeAllowedOrigin(value);
        if (origin === null) {
          const message = `${JSON.stringify(value)} is not an origin like https://site.example`;
          context.addIssue({ code: 'custom', message, path: [index] });
        }
        return origin ?? value;
      }),
    ),
});

export function createPlaybackPolicyRoutes(deps: PlaybackPolicyRoutesDeps): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();

  // The publisher API's middleware (mounted on all of /v1) has authenticated the caller.
  routes.put('/v1/assets/:id/playback-policy', requireScope('assets:write'), async (c) => {
    const id = c.req.param('id');
    const parsed = policyBody.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) {
      throw new AppError('invalid_request', 'The playback policy is not valid.', {
        details: {
          errors: parsed.error.issues.map((issue) => ({
            field: issue.path.join('.') || 'body',
            message: issue.message,
          })),
        },
      });
    }
    const policy: PlaybackPolicy = {
      signed: parsed.data.signed,
      allowedOrigins: [...new Set(parsed.data.allowedOrigins)],
    };
    if (policy.signed && !deps.tokens) {
      throw new AppError('invalid_request', 'Signed playback needs PLAYBACK_SIGNING_KEYS on the server.', {
        details: { errors: [{ field: 'signed', message: 'no signing key is configured' }] },
      });
    }
    if (!isAssetId(id) || !(await deps.catalog.setPlaybackPolicy(id, policy))) {
      throw new AppError('asset_not_found', 'No asset has this id.');
    }
    deps.onPolicyChanged(id);
    const asset = await deps.catalog.getAsset(id);
    if (!asset) throw new AppError('asset_not_found', 'No asset has this id.');
    c.header('Cache-Control', cacheControlFor('api', { manifestMaxAgeSeconds: 0 }));
    return c.json(toAssetView(asset, publicBase(deps.publicBaseUrl, c.req.url), deps.links));
  });

  return routes;
}
