/**
 * The player's scripts, served by the origin itself (no CDN: the page must work offline and behind
 * firewalls). hls.js and dash.js are read from node_modules once, at startup. URLs carry a content hash
 * (`?v=`), so a versioned request is cached forever and an upgrade changes every URL.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.js';
import { cacheControlFor, CONTENT_TYPES, IMMUTABLE_CACHE_CONTROL } from '../http/cache-control.js';
import { ifNoneMatchHits } from '../http/conditional.js';
import { PLAYER_SCRIPT } from './player-script.js';

interface StaticScript {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly version: string;
  readonly etag: string;
}

/** File name under /player-assets/ -> script. */
export type PlayerAssets = ReadonlyMap<string, StaticScript>;

export const PLAYER_ASSETS_PATH = '/player-assets';

export function loadPlayerAssets(): PlayerAssets {
  const resolveModule = createRequire(import.meta.url).resolve;
  return new Map([
    ['hls.min.js', script(readFileSync(resolveModule('hls.js/dist/hls.min.js')))],
    // dashjs exports only its root; under `require` that is the UMD bundle a <script> tag needs.
    ['dash.all.min.js', script(readFileSync(resolveModule('dashjs')))],
    ['player.js', script(Buffer.from(PLAYER_SCRIPT, 'utf8'))],
  ]);
}

function script(content: Buffer): StaticScript {
  const body = new Uint8Array(content); // one copy at startup, typed as a Response body
  const version = createHash('sha256').update(body).digest('base64url').slice(0, 16);
  return { body, version, etag: `"${version}"` };
}

/**
 * The URL of a player asset, relative to the player page: `/play/{assetId}/player` (2 folders deep), or
 * `/play/t/{token}/{assetId}/player` (4 deep) for a signed asset.
 */
export function playerAssetHref(assets: PlayerAssets, fileName: string, depth = 2): string {
  return `${'../'.repeat(depth - 1)}..${PLAYER_ASSETS_PATH}/${fileName}?v=${assets.get(fileName)?.version ?? ''}`;
}

export function createPlayerAssetRoutes(assets: PlayerAssets): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get(`${PLAYER_ASSETS_PATH}/:fileName`, (c) => {
    const asset = assets.get(c.req.param('fileName'));
    if (!asset) return c.notFound();
    const versioned = c.req.query('v') === asset.version;
    const headers = new Headers({
      'Cache-Control': versioned
        ? IMMUTABLE_CACHE_CONTROL
        : cacheControlFor('static-unversioned', { manifestMaxAgeSeconds: 0 }),
      ETag: asset.etag,
    });
    if (ifNoneMatchHits(c.req.header('if-none-match'), asset.etag))
      return new Response(null, { status: 304, headers });
    headers.set('Content-Type', CONTENT_TYPES.javascript);
    headers.set('Content-Length', String(asset.body.length));
    return new Response(c.req.method === 'HEAD' ? null : asset.body, { status: 200, headers });
  });
  return routes;
}
