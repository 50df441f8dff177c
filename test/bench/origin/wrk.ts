/** Debian's wrk as the load generator for both servers: same threads, connections, duration and paths. */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface WrkOptions {
  readonly baseUrl: string;
  /** Requested round-robin; one path needs no script. */
  readonly paths: readonly string[];
  readonly threads: number;
  readonly connections: number;
  readonly durationSeconds: number;
}

export interface WrkResult {
  readonly requestsPerSecond: number;
  readonly bytesPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  /** Non-2xx/3xx answers plus socket errors (connect, read, write, timeout). */
  readonly failures: number;
}

export async function runWrk(options: WrkOptions): Promise<WrkResult> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-wrk-'));
  try {
    const args = [
      `-t${options.threads}`,
      `-c${options.connections}`,
      `-d${options.durationSeconds}s`,
      '--latency',
      '--timeout', '10s',
    ]; // prettier-ignore
    const [first] = options.paths;
    if (options.paths.length > 1) {
      const script = path.join(dir, 'paths.lua');
      await fs.writeFile(
        script,
        `local paths = {${options.paths.map((p) => JSON.stringify(p)).join(',')}}\n` +
          'local i = math.random(#paths)\n' +
          'request = function()\n  i = i % #paths + 1\n  return wrk.format("GET", paths[i])\nend\n',
      );
      args.push('-s', script);
    }
    args.push(`${options.baseUrl}${options.paths.length > 1 ? '' : (first ?? '/')}`);
    const { stdout } = await run('wrk', args, { maxBuffer: 4 * 1024 * 1024 });
    return parseWrk(stdout);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const UNITS_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };
const UNITS_BYTES: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

export function parseWrk(text: string): WrkResult {
  const latency = (label: string) => {
    const match = new RegExp(`^\\s*${label}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(text);
    return match ? Number(match[1]) * (UNITS_MS[match[2] ?? 'ms'] ?? 1) : Number.NaN;
  };
  const number = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
  const transfer = /Transfer\/sec:\s+([\d.]+)(B|KB|MB|GB)/.exec(text);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  return {
    requestsPerSecond: number(/Requests\/sec:\s+([\d.]+)/),
    bytesPerSecond: transfer ? Number(transfer[1]) * (UNITS_BYTES[transfer[2] ?? 'B'] ?? 1) : 0,
    p50Ms: latency('50'),
    p99Ms: latency('99'),
    requests: number(/(\d+) requests in/),
    failures:
      number(/Non-2xx or 3xx responses: (\d+)/) +
      (socketErrors ? socketErrors.slice(1).reduce((sum, value) => sum + Number(value), 0) : 0),
  };
}
