import type { Logger } from '../../packager/ports.js';

/** What the request-context middleware puts on every Hono context. */
export interface AppEnv {
  Variables: {
    /** Accepted from `X-Request-Id` when sane, generated otherwise; echoed in the response and every error. */
    requestId: string;
    /** Child of the root logger bound to this request's id. */
    logger: Logger;
  };
}
