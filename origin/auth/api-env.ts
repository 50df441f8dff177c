import type { ApiScope } from '../../packager/domain/api-keys.js';
import type { AppEnv } from '../http/app-env.js';

/** Who is calling the publisher API: set by the API-key middleware on every authenticated request. */
export interface Principal {
  /** The key's public id, or `bootstrap` for SCALACAST_BOOTSTRAP_KEY. */
  readonly keyId: string;
  readonly scopes: ReadonlySet<ApiScope>;
}

/** The Hono env of /v1 routes: the app's variables plus the principal. */
export interface ApiEnv {
  Variables: AppEnv['Variables'] & { principal: Principal };
}
