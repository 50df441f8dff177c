/**
 * The ceiling of any Node.js server on this machine, measured in the same run: plain node:http (one
 * process) answering from a Map of Buffers loaded from the nginx folder, with fixed headers and nothing else
 * (no routing rules, no metrics, no cache policy). The origin's distance to it is its own cost; its
 * distance to nginx beyond that is Node's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { findFreePort } from '../../../packager/platform/free-port.js';
import { waitFor } from '../../setup/wait-for.js';

const SERVER = `
const fs = require('node:fs'); const path = require('node:path'); const http = require('node:http');
const [root, port] = process.argv.slice(1);
const files = new Map();
(function walk(dir) { for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
  const p = path.join(dir, e.name); if (e.isDirectory()) walk(p); else files.set('/' + path.relative(root, p), fs.readFileSync(p));
} })(root);
http.createServer((req, res) => {
  const body = files.get(req.url);
  if (!body) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, ['Content-Type', 'video/mp4', 'Content-Length', String(body.length), 'Cache-Control', 'public, max-age=31536000, immutable', 'Access-Control-Allow-Origin', '*']);
  res.end(body);
}).listen(Number(port), '127.0.0.1');
`;

export interface NodeCeiling {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startNodeCeiling(rootDir: string): Promise<NodeCeiling> {
  const port = await findFreePort();
  const child: ChildProcess = spawn(process.execPath, ['-e', SERVER, rootDir, String(port)], {
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/`).catch(() => null)) !== null, {
    timeoutMs: 10_000,
    what: 'the node:http ceiling server',
  });
  return {
    url,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
