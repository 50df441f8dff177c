/** The player suite's output: test-output/players/results.json (per source, per player) and screenshots. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PlaybackOutcome } from './playback-scenario.js';

export const PLAYER_OUTPUT_DIR = fileURLToPath(new URL('../../test-output/players/', import.meta.url));

export interface SourceResult {
  readonly source: string;
  readonly description: string;
  readonly status: string;
  readonly error: { code: string; message: string } | null;
  readonly rungs: readonly string[];
  readonly durationMs: number | null;
  /** Upload to the test seeing it ready: queue wait behind earlier uploads included. */
  readonly readyAfterUploadMs: number | null;
  /** Filled in once the check ran. */
  conformance: { readonly violations: readonly string[]; readonly checkedRules: number } | null;
  readonly players: Record<string, Omit<PlaybackOutcome, 'screenshotPath'> & { readonly screenshot: string }>;
}

export function screenshotPath(source: string, label: string): string {
  return path.join(PLAYER_OUTPUT_DIR, `${source}-${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
}

export function playerResult(outcome: PlaybackOutcome): SourceResult['players'][string] {
  const { screenshotPath: shot, ...rest } = outcome;
  return { ...rest, screenshot: path.relative(PLAYER_OUTPUT_DIR, shot) };
}

export async function writeResults(fileName: string, results: unknown): Promise<string> {
  await fs.mkdir(PLAYER_OUTPUT_DIR, { recursive: true });
  const target = path.join(PLAYER_OUTPUT_DIR, fileName);
  await fs.writeFile(target, `${JSON.stringify(results, null, 2)}\n`);
  return target;
}
