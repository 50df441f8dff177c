/**
 * The check of an asset's playback policy on a request, done before any storage read: a signed asset needs
 * a valid token for itself; an asset with allowed origins needs an Origin (else Referer) header naming one of
 * them, or this origin's own host (its player page). Refusals are 403 `forbidden` with a reason a person can
 * act on; nothing about the token's expected value leaks.
 */
import type { PlaybackPolicy } from '../../packager/domain/asset.js';
import { AppError } from '../../packager/domain/errors.js';
import type { PlaybackTokens } from './playback-token.js';

export interface AccessRequest {
  readonly assetId: string;
  /** From the path (`/play/t/{token}/...`), or null. */
  readonly token: string | null;
  /** Request header by lower-case name (read only when the policy needs it: origin, referer, host). */
  header(name: string): string | undefined;
}

/** Null when the request may play; the error to answer otherwise. */
export function checkPlaybackAccess(
  policy: PlaybackPolicy,
  request: AccessRequest,
  tokens: PlaybackTokens | null,
): AppError | null {
  if (policy.signed) {
    if (request.token === null) {
      return forbidden('token_missing', 'This video needs a signed playback URL; ask the API for one.');
    }
    const check = tokens ? tokens.verify(request.token, request.assetId) : 'unknown_key';
    if (check === 'expired') {
      return forbidden('token_expired', 'This playback URL has expired; ask the API for a fresh one.');
    }
    if (check !== 'valid')
      return forbidden('token_invalid', 'This playback URL is not valid for this video.');
  }
  if (policy.allowedOrigins.length > 0 && !originAllowed(policy.allowedOrigins, request)) {
    return forbidden('origin_not_allowed', 'This video may not be played on this site.');
  }
  return null;
}

function originAllowed(allowed: readonly string[], request: AccessRequest): boolean {
  const claimed = webOrigin(request.header('origin')) ?? webOrigin(request.header('referer'));
  if (claimed === null) return false;
  const host = request.header('host');
  if (host !== undefined && claimed.host === host.toLowerCase()) return true;
  return allowed.includes(claimed.origin);
}

/** `https://site.example:8443` of an Origin or Referer value; null when absent, `null` or not a URL. */
function webOrigin(value: string | undefined): { origin: string; host: string } | null {
  if (value === undefined || value === '' || value === 'null' || !URL.canParse(value)) return null;
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return { origin: url.origin, host: url.host };
}

/** An allowed-origins entry as stored: the URL's origin (lower-case, no path, no default port), or null. */
export function normalizeAllowedOrigin(value: string): string | null {
  const origin = webOrigin(value.trim());
  if (origin === null) return null;
  const url = new URL(value.trim());
  return url.pathname === '/' && url.search === '' && url.hash === '' && url.username === ''
    ? origin.origin
    : null;
}

function forbidden(reason: string, message: string): AppError {
  return new AppError('forbidden', message, { details: { reason } });
}
