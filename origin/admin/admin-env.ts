import type { AppEnv } from '../http/app-env.js';
import type { AdminSession } from './session-store.js';

/** The app's context plus the admin session, set by requireSession on every protected route. */
export interface AdminEnv {
  Variables: AppEnv['Variables'] & {
    adminSession: AdminSession;
  };
}
