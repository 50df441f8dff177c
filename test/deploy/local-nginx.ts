/**
 * Runs the compose stack's edge config (charts/scalacast/files/compose/nginx-edge.conf) on this machine's
 * nginx, with the compose service addresses swapped for loopback ports. Only what cannot work outside
 * Docker changes: Docker's DNS resolver and the `resolve` flag (nginx >= 1.27.3), paths, and the listen port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../packager/platform/free-port.js';
import { chartDir } from './chart-model.js';
import { waitFor } from '../setup/wait-for.js';

export const NGINX_BINARY = '/usr/sbin/nginx';

export interface LocalNginx {
  readonly url: string;
  readonly logs: string[];
  stop(): Promise<void>;
}

/** `upstreams` maps the compose address in the config (`origin-1:8080`) to a loopback `127.0.0.1:PORT`. */
export async function startEdge(upstreams: Record<string, string>): Promise<LocalNginx> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-edge-'));
  // nginx's workers run as `nobody` when the master is root: they must be able to write the cache.
  await fs.chmod(dir, 0o777);
  const port = await findFreePort();
  let snippet = await fs.readFile(path.join(chartDir, 'files', 'compose', 'nginx-edge.conf'), 'utf8');
  snippet = snippet
    .replace(/^resolver .*$/m, '')
    .replace(/ resolve /g, ' ')
    .replace('/var/cache/nginx/scalacast', path.join(dir, 'cache'))
    .replace('/var/log/nginx/access.log', path.join(dir, 'access.log'))
    .replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${port};`);
  for (const [from, to] of Object.entries(upstreams)) snippet = snippet.replaceAll(` ${from} `, ` ${to} `);
  await fs.writeFile(path.join(dir, 'edge.conf'), snippet);
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, name)};`;
  await fs.writeFile(
    path.join(dir, 'nginx.conf'),
    [
      `pid ${path.join(dir, 'nginx.pid')};`,
      'error_log stderr warn;',
      'worker_processes 1;',
      'events { worker_connections 256; }',
      `http { ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join(' ')}`,
      `  include ${path.join(dir, 'edge.conf')};`,
      '}',
    ].join('\n'),
  );

  const logs: string[] = [];
  const child: ChildProcess = spawn(
    NGINX_BINARY,
    ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
    await exited;
    await fs.rm(dir, { recursive: true, force: true });
  };
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited: ${logs.join('')}`);
      const response = await fetch(`${url}/edge-healthz`).catch(() => null);
      return response?.status === 200;
    },
    { timeoutMs: 10_000, what: 'nginx to answer /edge-healthz' },
  ).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url, logs, stop };
}
