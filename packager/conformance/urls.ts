/** URL helpers of the checker: resolution, names for reports, and the probes derived from real URLs. */

/** `uri` resolved against `base`; null when it is not a valid URL reference. */
export function resolveUrl(uri: string, base: string): string | null {
  try {
    return new URL(uri, base).toString();
  } catch {
    return null;
  }
}

/** The file name of a playlist URL without its extension: `.../r1/720p.m3u8` -> `720p`. */
export function playlistName(url: string): string {
  const file = lastPathParts(url, 1);
  return file.replace(/\.m3u8$/i, '') || url;
}

/** The last `count` path parts of a URL, for reports: `.../r1/720p/3.m4s` -> `720p/3.m4s`. */
export function lastPathParts(url: string, count: number): string {
  try {
    const parts = new URL(url).pathname.split('/').filter((part) => part !== '');
    return parts.slice(-count).join('/');
  } catch {
    return url;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A different id of the same shape: every letter and digit moved one place on in [A-Za-z0-9], so it matches
 * whatever id pattern the origin checks and names no existing asset.
 */
export function neighbourId(id: string): string {
  return [...id]
    .map((char) => {
      const index = ALPHANUMERIC.indexOf(char);
      return index === -1 ? char : (ALPHANUMERIC[(index + 1) % ALPHANUMERIC.length] ?? char);
    })
    .join('');
}

/** `url` with its last path part replaced by `part` (written as is: encoded characters stay encoded). */
export function replaceLastPathPart(url: string, part: string): string {
  const parsed = new URL(url);
  parsed.pathname = `${parsed.pathname.slice(0, parsed.pathname.lastIndexOf('/') + 1)}${part}`;
  return parsed.toString();
}

/** `url` with path part `indexFromEnd` (0 = last) replaced by `part`. */
export function replacePathPartFromEnd(url: string, indexFromEnd: number, part: string): string | null {
  const parsed = new URL(url);
  const parts = parsed.pathname.split('/');
  const index = parts.length - 1 - indexFromEnd;
  if (index < 1) return null;
  parts[index] = part;
  parsed.pathname = parts.join('/');
  return parsed.toString();
}
