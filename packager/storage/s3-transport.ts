import http from 'node:http';
import https from 'node:https';

/** The one function of node:http the minio client calls to make requests. */
export type RequestFunction = typeof http.request;

/**
 * minio's request options carry no timeout, so a dead or stalled server would hang a call forever. This
 * transport gives every request a socket inactivity timeout: connecting, waiting for the answer, and each
 * gap while a body streams. It bounds stalls, not total duration, so a large transfer that keeps moving is
 * never cut off. A timed-out request fails with code ETIMEDOUT.
 */
export function createTimedTransport(useSSL: boolean, idleTimeoutMs: number): { request: RequestFunction } {
  const base = useSSL ? https : http;
  const request = (options: http.RequestOptions, callback?: (res: http.IncomingMessage) => void) => {
    const req = base.request({ ...options, timeout: idleTimeoutMs }, callback);
    req.on('timeout', () => {
      const error = Object.assign(new Error(`The object store did not answer within ${idleTimeoutMs} ms.`), {
        code: 'ETIMEDOUT',
      });
      req.destroy(error);
    });
    return req;
  };
  return { request: request as RequestFunction };
}
