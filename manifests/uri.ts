/**
 * Maps a path relative to the revision root (`720p/init.mp4`, `720p.m3u8`, `720p/$Number$.m4s`) to the URI
 * written in a manifest. The origin uses it to prefix the revision (`r3/`) and/or append a signed token query.
 *
 * Promises the renderers rely on: it is pure (same input, same output, so manifests stay byte-identical
 * across origin instances), and it keeps a `$Number$` identifier of a DASH template intact. HLS writes the
 * result in quoted strings and on URI lines, so it must not contain `"`, CR or LF (renderers throw if it does).
 */
export type UriResolver = (pathFromRevisionRoot: string) => string;
