/**
 * Debian's nginx as the benchmark baseline: its own config in a temp folder, serving a folder of files
 * from disk with sendfile, two worker processes (one per core, as the origin's two cluster workers),
 * access log off (the origin does not log cache hits either). Stopped (and its folder removed) by `stop()`.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from '../../../packager/platform/free-port.js';
import { waitFor } from '../../setup/wait-for.js';

const run = promisify(execFile);

export interface Nginx {
  readonly url: string;
  readonly pids: () => Promise<number[]>;
  stop(): Promise<void>;
}

/** `rootDir` must be readable by nginx's worker user (nobody): world-readable folders and files. */
export async function startNginx(rootDir: string, workers = 2): Promise<Nginx> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-bench-nginx-'));
  const port = await findFreePort();
  const temp = path.join(dir, 'tmp');
  await fs.mkdir(temp);
  const config = `
worker_processes ${workers};
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
daemon off;
events { worker_connections 30000; }
worker_rlimit_nofile 30000;
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65s;
  keepalive_requests 1000000;
  default_type application/octet-stream;
  types { video/mp4 m4s mp4; application/vnd.apple.mpegurl m3u8; application/dash+xml mpd; }
  client_body_temp_path ${temp}; proxy_temp_path ${temp}; fastcgi_temp_path ${temp};
  uwsgi_temp_path ${temp}; scgi_temp_path ${temp};
  server {
    listen 127.0.0.1:${port};
    root ${rootDir};
    add_header Cache-Control "public, max-age=31536000, immutable";
    add_header Access-Control-Allow-Origin "*";
  }
}
`;
  const configPath = path.join(dir, 'nginx.conf');
  await fs.writeFile(configPath, config);
  const child = spawn('nginx', ['-c', configPath, '-p', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
      return (await fetch(`${url}/`).catch(() => null)) !== null;
    },
    { timeoutMs: 10_000, what: 'nginx to listen' },
  );
  return {
    url,
    pids: async () => {
      const { stdout } = await run('pgrep', ['-P', String(child.pid)]);
      return [child.pid ?? 0, ...stdout.split('\n').filter(Boolean).map(Number)];
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGQUIT');
      await exited;
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
