/**
 * bull-board (@bull-board/hono) under /admin/queues, behind the same session gate as the dashboard, in
 * read-only mode: operators inspect raw jobs there, and act through the dashboard, whose actions keep the
 * catalog and the queue consistent (a job retried behind the catalog's back would not know its revision).
 * Its UI and static files are read from @bull-board/ui in node_modules.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Queue } from 'bullmq';
import type { Hono } from 'hono';
import { ADMIN_BASE_PATH } from './session-cookie.js';

export const BULL_BOARD_PATH = `${ADMIN_BASE_PATH}/queues`;

/** The board's routes, relative to BULL_BOARD_PATH (mount them there). */
export function createBullBoardRoutes(queues: readonly Queue[]): Hono {
  const serverAdapter = new HonoAdapter(serveStatic);
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    serverAdapter,
    options: {
      uiConfig: {
        boardTitle: 'ScalaCast queues',
        hideDocsLink: true,
        miscLinks: [{ text: 'Back to the dashboard', url: ADMIN_BASE_PATH }],
      },
    },
  });
  return serverAdapter.registerPlugin();
}
