/**
 * Reads ffmpeg's `-progress` stream (key=value lines, one block per update, `progress=end` last) and turns
 * `out_time_us` into a percent of the source duration, and into where the encode is. Pure apart from the
 * callbacks.
 */
export type ProgressListener = (percent: number) => void;

/**
 * Returns a function to feed stdout chunks to (lines may be split across chunks). Calls `onPercent` with
 * 0..100, one decimal, only when the value grows, and with 100 on `progress=end`. Without a known duration
 * only the final 100 is reported. Calls `onOutTime` with every reported position, in ms.
 */
export function createProgressParser(
  sourceDurationMs: number | undefined,
  onPercent: ProgressListener,
  onOutTime?: (mediaMs: number) => void,
): (chunk: string) => void {
  const durationUs = sourceDurationMs !== undefined && sourceDurationMs > 0 ? sourceDurationMs * 1000 : null;
  let pending = '';
  let last = -1;
  const report = (percent: number): void => {
    if (percent <= last) return;
    last = percent;
    onPercent(percent);
  };
  const onLine = (line: string): void => {
    const separator = line.indexOf('=');
    if (separator < 0) return;
    const key = line.slice(0, separator).trim();
    const value = line.slice(separator + 1).trim();
    if (key === 'progress' && value === 'end') {
      report(100);
    } else if (key === 'out_time_us') {
      const outTimeUs = Number(value); // "N/A" before the first packet: NaN, ignored
      if (!Number.isFinite(outTimeUs) || outTimeUs < 0) return;
      onOutTime?.(outTimeUs / 1000);
      if (durationUs !== null) report(Math.min(100, Math.round((outTimeUs / durationUs) * 1000) / 10));
    }
  };
  return (chunk: string): void => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    lines.forEach(onLine);
  };
}
