/**
 * A redis-server a test kills (SIGKILL, or SIGSTOP to hang it) and restarts on the same port when it
 * chooses: the supervised one in packager/platform restarts by itself, too soon to observe an outage.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../packager/platform/free-port.js';
import { waitFor } from './wait-for.js';

export interface KillableRedis {
  readonly url: string;
  kill(): Promise<void>;
  /** Starts it again, empty, on the same port. */
  restart(): Promise<void>;
  /** SIGSTOP / SIGCONT: the server keeps its connections but answers nothing. */
  freeze(): void;
  thaw(): void;
  stop(): Promise<void>;
}

export async function startKillableRedis(maxmemoryBytes: number): Promise<KillableRedis> {
  const port = await findFreePort();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-killable-redis-'));
  let child: ChildProcess | null = null;
  const start = async () => {
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no',
        '--maxmemory-policy', 'allkeys-lru', '--maxmemory', String(maxmemoryBytes), '--loglevel', 'warning'],
      { stdio: 'ignore' },
    ); // prettier-ignore
    child = proc;
    await waitFor(
      async () => {
        if (proc.exitCode !== null) throw new Error('redis-server exited at start');
        const { Socket } = await import('node:net');
        return new Promise<boolean>((resolve) => {
          const socket = new Socket();
          socket.once('connect', () => socket.write('PING\r\n'));
          socket.once('data', (data) => {
            socket.destroy();
            resolve(data.toString().startsWith('+PONG'));
          });
          socket.once('error', () => resolve(false));
          socket.connect(port, '127.0.0.1');
        });
      },
      { timeoutMs: 10_000, what: 'redis-server to answer' },
    );
  };
  const kill = async () => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    kill,
    restart: start,
    freeze: () => child?.kill('SIGSTOP'),
    thaw: () => child?.kill('SIGCONT'),
    stop: async () => {
      child?.kill('SIGCONT');
      await kill();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
