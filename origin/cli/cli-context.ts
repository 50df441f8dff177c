import type { CliApi } from './cli-api.js';
import type { UploadStateFile } from './upload-state.js';

/** What every `scalacast` command gets: the API client, output channels and options shared by all. */
export interface CliContext {
  readonly api: CliApi;
  /** Print machine-readable JSON instead of text. */
  readonly json: boolean;
  readonly stdout: (line: string) => void;
  /** Progress and waiting messages (never mixed into stdout, which scripts parse). */
  readonly stderr: NodeJS.WriteStream;
  readonly uploadState: UploadStateFile;
  readonly sleep: (ms: number) => Promise<void>;
}

/** Prints `value` as JSON, or each of `lines` as text. */
export function output(context: CliContext, value: unknown, lines: () => string[]): void {
  if (context.json) context.stdout(JSON.stringify(value, null, 2));
  else for (const line of lines()) context.stdout(line);
}

/** Rows as aligned columns, with a header. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
