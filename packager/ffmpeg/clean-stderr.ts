/**
 * ffmpeg/ffprobe stderr turned into lines fit for an error message: no `[mov,mp4 @ 0x55d0]` context
 * prefixes, no local paths (the worker's temp folder means nothing to a publisher), no URL queries, no
 * duplicates.
 */
export interface PathLabel {
  readonly path: string;
  /** What to say instead (`the upload`). */
  readonly label: string;
}

export function cleanStderrLines(stderr: string | readonly string[], paths: readonly PathLabel[]): string[] {
  const raw = typeof stderr === 'string' ? stderr.split(/\r?\n/) : stderr;
  const cleaned = raw
    .map((line) => {
      let text = line.replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, '');
      for (const { path, label } of paths) {
        if (path === '') continue;
        text = text.split(`${path}: `).join('').split(path).join(label);
      }
      return withoutUrlQueries(text).trim();
    })
    .filter((line) => line !== '');
  return [...new Set(cleaned)];
}

/** `text` without the query of any http(s) URL in it: the query of a presigned URL is its credential. */
export function withoutUrlQueries(text: string): string {
  return text.replace(/(https?:\/\/[^\s?]*)\?\S*/g, '$1');
}
