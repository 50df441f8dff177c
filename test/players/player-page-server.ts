/**
 * A tiny static server for the player test page: one HTML page with a <video>, the three players' builds
 * straight from node_modules and the in-page harness. It listens on its own loopback port, so every request
 * the players make to the origin is cross-origin, as on a publisher's site (CORS is exercised for real).
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const resolveModule = createRequire(import.meta.url).resolve;

const SCRIPTS: Readonly<Record<string, string>> = {
  '/lib/hls.min.js': resolveModule('hls.js/dist/hls.min.js'),
  // dashjs exports only its root; under `require` that is the UMD bundle a <script> tag needs.
  '/lib/dash.all.min.js': resolveModule('dashjs'),
  '/lib/shaka-player.compiled.js': resolveModule('shaka-player/dist/shaka-player.compiled.js'),
  '/harness.js': fileURLToPath(new URL('page/harness.js', import.meta.url)),
};

const PAGE = `<!doctype html>
<html>
<head><meta charset="utf-8"><title>ScalaCast player test</title>
<style>body{margin:0;background:#000}video{width:640px;height:360px;display:block}</style></head>
<body>
<video id="video" muted playsinline></video>
<script src="/lib/hls.min.js"></script>
<script src="/lib/dash.all.min.js"></script>
<script src="/lib/shaka-player.compiled.js"></script>
<script src="/harness.js"></script>
</body>
</html>
`;

export interface PlayerPageServer {
  /** The test page's URL. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startPlayerPageServer(): Promise<PlayerPageServer> {
  const files = new Map<string, Buffer>();
  for (const [route, file] of Object.entries(SCRIPTS)) files.set(route, readFileSync(file));
  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://page').pathname;
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(PAGE);
      return;
    }
    const body = files.get(path);
    if (body === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/javascript; charset=utf-8',
      'content-length': body.length,
    });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
