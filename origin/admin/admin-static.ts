/**
 * The dashboard's stylesheet and script, built into the process (no files to deploy). URLs carry a content
 * hash (`?v=`), so a versioned request is cached for good and a new release changes the URL. They hold
 * nothing secret, so the sign-in page may load them without a session.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.js';
import { CONTENT_TYPES, IMMUTABLE_CACHE_CONTROL } from '../http/cache-control.js';
import { ADMIN_SCRIPT } from './admin-script.js';
import { ADMIN_STYLE } from './admin-style.js';
import { ADMIN_BASE_PATH } from './session-cookie.js';

interface StaticFile {
  readonly body: string;
  readonly contentType: string;
  readonly version: string;
}

export const ADMIN_STATIC_PATH = `${ADMIN_BASE_PATH}/static`;

const FILES: ReadonlyMap<string, StaticFile> = new Map([
  ['admin.css', file(ADMIN_STYLE, 'text/css; charset=utf-8')],
  ['admin.js', file(ADMIN_SCRIPT, CONTENT_TYPES.javascript)],
]);

function file(body: string, contentType: string): StaticFile {
  return { body, contentType, version: createHash('sha256').update(body).digest('base64url').slice(0, 12) };
}

/** The versioned URL of a static file (`/admin/static/admin.css?v=…`). */
export function adminStaticHref(name: 'admin.css' | 'admin.js'): string {
  return `${ADMIN_STATIC_PATH}/${name}?v=${FILES.get(name)?.version ?? ''}`;
}

export function createAdminStaticRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get(`${ADMIN_STATIC_PATH}/:name`, (c) => {
    const found = FILES.get(c.req.param('name'));
    if (!found) return c.notFound();
    const versioned = c.req.query('v') === found.version;
    c.header('Cache-Control', versioned ? IMMUTABLE_CACHE_CONTROL : 'no-cache');
    c.header('Content-Type', found.contentType);
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(found.body);
  });
  return routes;
}
