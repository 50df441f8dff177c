/**
 * Runs a real ScalaCast process (origin, worker or all-in-one) from source, as `npm run start:*` would, with
 * the environment a test gives it. Keeps its log lines for assertions and for diagnosis when a test fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../../packager/platform/free-port.js';
import { waitFor } from './wait-for.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const ENTRIES = {
  origin: 'origin/main.ts',
  worker: 'workers/main.ts',
  'all-in-one': 'origin/all-in-one.ts',
} as const;

/** SCALACAST_BOOTSTRAP_KEY of every process started here (a test may override it through `env`). */
export const TEST_BOOTSTRAP_KEY = 'e2e-bootstrap-key-0123456789abcdefghij';

export interface ScalacastProcess {
  readonly child: ChildProcess;
  /** Base URL of the HTTP face (the origin's, or the worker's ops server). */
  readonly url: string;
  readonly logs: string[];
  /** Parsed JSON log lines. */
  logRecords(): Array<Record<string, unknown>>;
  /** Sends a signal and waits for the exit; returns the exit code (null when killed by the signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startScalacast(
  role: keyof typeof ENTRIES,
  env: Record<string, string>,
  { waitForReady = true } = {},
): Promise<ScalacastProcess> {
  const port = await findFreePort();
  const portEnv = role === 'worker' ? { WORKER_METRICS_PORT: String(port) } : { PORT: String(port) };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, ENTRIES[role])], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      LOG_LEVEL: 'info',
      // Every /v1 request needs a key: tests use this one unless they configure another.
      SCALACAST_BOOTSTRAP_KEY: TEST_BOOTSTRAP_KEY,
      ...portEnv,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const collect = (chunk: Buffer) => logs.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;

  const running: ScalacastProcess = {
    child,
    url,
    logs,
    logRecords: () =>
      logs.flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  if (waitForReady) {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${role} exited early:\n${logs.slice(-30).join('\n')}`);
        const response = await fetch(`${url}/readyz`).catch(() => null);
        return response?.status === 200;
      },
      { timeoutMs: 180_000, what: `${role} to be ready` },
    ).catch(async (error: unknown) => {
      await running.stop('SIGKILL');
      throw error;
    });
  }
  return running;
}
