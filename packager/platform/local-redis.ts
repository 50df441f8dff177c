/**
 * A redis-server child process on loopback, for the all-in-one mode and the test setup. It is supervised:
 * if it exits unexpectedly it is started again on the same port and data folder, so clients (which reconnect
 * by themselves) recover without a restart of ScalaCast.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import { AppError } from '../domain/errors.js';
import type { Logger } from '../ports.js';
import { findFreePort } from './free-port.js';

export interface LocalRedisOptions {
  readonly binary?: string;
  /** Folder for the append-only file; created if missing. */
  readonly dataDir: string;
  /** `noeviction` for the queue (BullMQ needs it), `allkeys-lru` for a cache. */
  readonly maxmemoryPolicy: 'noeviction' | 'allkeys-lru';
  readonly maxmemoryBytes?: number;
  /** Keep data across restarts (the queue); a cache does not need it. */
  readonly persistent: boolean;
  readonly port?: number;
  readonly logger?: Logger;
}

export interface LocalRedis {
  readonly url: string;
  readonly port: number;
  /** Kills the server now (tests use it to simulate a crash); supervision brings it back. */
  kill(): void;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;

export async function startLocalRedis(options: LocalRedisOptions): Promise<LocalRedis> {
  const binary = options.binary ?? 'redis-server';
  const port = options.port ?? (await findFreePort());
  await fs.mkdir(options.dataDir, { recursive: true });
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', options.dataDir,
    '--save', '',
    '--appendonly', options.persistent ? 'yes' : 'no',
    '--maxmemory-policy', options.maxmemoryPolicy,
    '--maxmemory', String(options.maxmemoryBytes ?? 0),
    '--protected-mode', 'yes',
    '--daemonize', 'no',
    '--loglevel', 'warning',
  ]; // prettier-ignore

  let child: ChildProcess | undefined;
  let stopping = false;
  let restarts = 0;

  const launch = async (): Promise<void> => {
    const proc = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    const spawned = new Promise<void>((resolve, reject) => {
      proc.once('spawn', resolve);
      proc.once('error', (error: NodeJS.ErrnoException) => {
        reject(
          error.code === 'ENOENT'
            ? new AppError(
                'upstream_unavailable',
                `${binary} was not found. Install it (Debian: apt-get install redis-server) or set REDIS_URL to a running Redis.`,
                { cause: error },
              )
            : error,
        );
      });
    });
    await spawned;
    proc.once('exit', (code, signal) => {
      if (stopping) return;
      options.logger?.warn({ port, code, signal, stderr }, 'local redis-server exited; restarting it');
      restarts += 1;
      const delayMs = Math.min(5000, 100 * 2 ** Math.min(restarts, 6));
      setTimeout(() => {
        if (!stopping)
          launch().catch((error: unknown) =>
            options.logger?.error({ err: error, port }, 'restart of redis-server failed'),
          );
      }, delayMs).unref();
    });
    await waitForPing(port, READY_TIMEOUT_MS, () => stderr);
  };

  await launch();
  options.logger?.info({ port, policy: options.maxmemoryPolicy }, 'local redis-server started');

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => child?.kill('SIGKILL'),
    stop: async () => {
      stopping = true;
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves once redis-server answers PING on the port. */
async function waitForPing(port: number, timeoutMs: number, stderr: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await pingOnce(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new AppError(
    'upstream_unavailable',
    `redis-server did not start on port ${port}: ${stderr().trim()}`,
  );
}

function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
