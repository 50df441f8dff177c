/** An upload progress bar for a terminal (redrawn in place), or a line per 10% when output is a log. */

export function renderProgress(
  sentBytes: number,
  totalBytes: number,
  bytesPerSecond: number,
  width = 30,
): string {
  const ratio = totalBytes === 0 ? 1 : Math.min(1, sentBytes / totalBytes);
  const filled = Math.round(ratio * width);
  const mb = (bytes: number) => (bytes / 1_000_000).toFixed(1);
  return (
    `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ` +
    `${mb(sentBytes)}/${mb(totalBytes)} MB ${mb(bytesPerSecond)} MB/s`
  );
}

export interface ProgressWriter {
  update(sentBytes: number, totalBytes: number): void;
  done(): void;
}

export function createProgressWriter(
  stream: NodeJS.WriteStream,
  nowMs: () => number = () => Date.now(),
): ProgressWriter {
  const startedMs = nowMs();
  let startBytes: number | null = null;
  let lastDecile = -1;
  return {
    update(sentBytes, totalBytes) {
      startBytes ??= sentBytes;
      const seconds = Math.max((nowMs() - startedMs) / 1000, 0.001);
      const line = renderProgress(sentBytes, totalBytes, (sentBytes - startBytes) / seconds);
      if (stream.isTTY) {
        stream.write(`\r${line}`);
        return;
      }
      const decile = Math.floor((sentBytes / Math.max(totalBytes, 1)) * 10);
      if (decile !== lastDecile) stream.write(`${line}\n`);
      lastDecile = decile;
    },
    done() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
