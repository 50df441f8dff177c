/**
 * Headers on every /admin answer: never cached (pages carry per-session tokens and live data), never framed
 * by another site, no MIME sniffing, the referrer kept in-house, and a Content-Security-Policy that allows
 * only this origin's scripts and styles. Our pages embed the player (`frame-src 'self'`); bull-board's UI
 * needs inline styles, and its Google Fonts link is blocked on purpose (the dashboard calls no third party).
 */
import type { MiddlewareHandler } from 'hono';

const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob: https:",
  "frame-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

const BULL_BOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
].join('; ');

export function adminHeaders(bullBoardPath: string): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const path = new URL(c.req.url).pathname;
    const isBoard = path === bullBoardPath || path.startsWith(`${bullBoardPath}/`);
    // Versioned static files say how long they keep; everything else is per session and live.
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
    c.header('Content-Security-Policy', isBoard ? BULL_BOARD_CSP : DASHBOARD_CSP);
    c.header('X-Frame-Options', 'DENY');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
  };
}
