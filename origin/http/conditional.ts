/**
 * Entity tags (O4): strong, derived from content, so every origin instance answers the same tag for the same
 * bytes; and the `If-None-Match` / `If-Range` checks that use them.
 */
import { createHash } from 'node:crypto';

/** A store's etag (quoted or not, maybe weak-prefixed) as a strong quoted entity tag. */
export function strongEtag(storeEtag: string): string {
  const bare = storeEtag.replace(/^W\//, '').replace(/^"|"$/g, '');
  return `"${bare}"`;
}

/** Strong entity tag of bytes rendered on the fly (manifests). */
export function contentEtag(content: string | Uint8Array): string {
  return `"${createHash('sha256').update(content).digest('base64url').slice(0, 27)}"`;
}

/** RFC 9110 13.1.2: weak comparison; `*` matches any current representation. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === opaque);
}

/** RFC 9110 13.1.5: a Range applies only when If-Range is absent or strongly matches the current tag. */
export function ifRangeAllows(header: string | undefined, etag: string): boolean {
  if (!header) return true;
  const candidate = header.trim();
  return !candidate.startsWith('W/') && candidate === etag;
}
