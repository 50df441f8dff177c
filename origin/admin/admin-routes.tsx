/** @jsxImportSource hono/jsx */
/**
 * Everything under /admin, in the order requests meet it:
 *   security headers -> stylesheet/script and sign-in (the only things served without a session)
 *   -> session gate with CSRF check -> pages, live fragments, actions, sign-out, bull-board
 *   -> a catch-all, so even an unknown /admin path answers only to a session.
 * Without ADMIN_PASSWORD (`deps` null) every /admin path answers a page saying how to turn it on.
 */
import { Hono, type ErrorHandler } from 'hono';
import { AppError } from '../../packager/domain/errors.js';
import type { AdminDeps } from './admin-deps.js';
import type { AdminEnv } from './admin-env.js';
import { handleAdminError } from './admin-errors.js';
import { adminHeaders } from './admin-headers.js';
import { createAdminStaticRoutes } from './admin-static.js';
import { createActionRoutes } from './action-routes.js';
import { BULL_BOARD_PATH, createBullBoardRoutes } from './bull-board.js';
import { createPageRoutes } from './page-routes.js';
import { requireSession } from './require-session.js';
import { ADMIN_BASE_PATH } from './session-cookie.js';
import { createSignInRoutes, createSignOutRoutes } from './sign-in-routes.js';
import { DisabledPage } from './views/simple-pages.js';

export function createAdminRoutes(deps: AdminDeps | null): Hono<AdminEnv> {
  const admin = new Hono<AdminEnv>();
  // `/admin/*` matches `/admin` itself too.
  const everything = `${ADMIN_BASE_PATH}/*`;
  admin.use(everything, adminHeaders(BULL_BOARD_PATH));
  admin.onError(handleAdminError as unknown as ErrorHandler<AdminEnv>);

  if (!deps) {
    admin.all(everything, (c) => c.html(<DisabledPage />, 404));
    return admin;
  }

  admin.route('/', createAdminStaticRoutes());
  admin.route('/', createSignInRoutes(deps));
  admin.use(everything, requireSession(deps.sessions));
  admin.route('/', createSignOutRoutes(deps));
  admin.route('/', createPageRoutes(deps));
  admin.route('/', createActionRoutes(deps));
  // bull-board answers only without the trailing slash; people type it anyway.
  admin.get(`${BULL_BOARD_PATH}/`, (c) => c.redirect(BULL_BOARD_PATH, 308));
  admin.route(BULL_BOARD_PATH, createBullBoardRoutes(deps.boardQueues) as unknown as Hono<AdminEnv>);
  admin.all(everything, () => {
    throw new AppError('object_not_found', 'There is no dashboard page at this address.');
  });
  return admin;
}
