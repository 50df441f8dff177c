/** @jsxImportSource hono/jsx */
/**
 * Errors under /admin: the origin's one code-to-status table and logging (handleError), shown as a page to
 * a browser navigating and as problem+json to scripts (live fragments, bull-board's API).
 */
import type { Context, ErrorHandler } from 'hono';
import type { AppEnv } from '../http/app-env.js';
import { handleError, type ProblemBody } from '../http/errors.js';
import { ErrorPage } from './views/simple-pages.js';

export function wantsHtmlPage(c: Context): boolean {
  return (c.req.header('accept') ?? '').includes('text/html');
}

export const handleAdminError: ErrorHandler<AppEnv> = async (thrown, c) => {
  const problemResponse = await handleError(thrown, c);
  if (!wantsHtmlPage(c)) return problemResponse;
  const problem = (await problemResponse.json()) as ProblemBody;
  const page = await c.html(
    <ErrorPage
      status={problem.status}
      title={problem.title}
      detail={problem.detail}
      requestId={problem.requestId}
    />,
    problem.status as 400,
  );
  for (const name of ['Retry-After', 'X-Request-Id']) {
    const value = problemResponse.headers.get(name);
    if (value) page.headers.set(name, value);
  }
  return page;
};
