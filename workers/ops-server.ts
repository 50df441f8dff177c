/**
 * A standalone worker's small HTTP face for operators: /healthz, /readyz and /metrics for Prometheus.
 */
import http from 'node:http';
import type { Registry } from 'prom-client';

export interface OpsServer {
  close(): Promise<void>;
}

export async function startOpsServer(options: {
  port: number;
  host: string;
  registry: Registry;
  readiness: () => Promise<boolean>;
}): Promise<OpsServer> {
  const server = http.createServer((request, response) => {
    const send = (status: number, contentType: string, body: string) => {
      response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
      response.end(body);
    };
    const route = async () => {
      switch (request.url) {
        case '/healthz':
          return send(200, 'application/json', '{"status":"ok"}');
        case '/readyz':
          return (await options.readiness())
            ? send(200, 'application/json', '{"status":"ok"}')
            : send(503, 'application/json', '{"status":"unavailable"}');
        case '/metrics':
          return send(200, options.registry.contentType, await options.registry.metrics());
        default:
          return send(404, 'application/json', '{"status":"not found"}');
      }
    };
    route().catch(() => send(500, 'application/json', '{"status":"error"}'));
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  return {
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
