/**
 * Segment-level progressive publish: a revision is playable while it is still being encoded, from a
 * provisional presentation that lists every segment it will have. A player may ask for a segment the encoder
 * has not written yet; instead of a 404 (which players do not retry) the request waits here for the object,
 * and answers 503 + Retry-After only if it is still missing after the wait (players retry 5xx).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { GuardedStore } from '../cache/guarded-store.js';

/** How often storage is asked again while a request waits: about the time a 1080p segment takes to upload. */
const POLL_INTERVAL_MS = 250;

/** True once `key` is stored, false when `waitMs` passed first. Storage failures propagate. */
export async function waitForStoredObject(
  store: Pick<GuardedStore, 'stat'>,
  key: string,
  waitMs: number,
): Promise<boolean> {
  const deadline = performance.now() + waitMs;
  for (;;) {
    const left = deadline - performance.now();
    if (left <= 0) return false;
    await sleep(Math.min(POLL_INTERVAL_MS, left));
    if (await store.stat(key)) return true;
  }
}
