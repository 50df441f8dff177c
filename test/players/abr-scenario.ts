/**
 * ABR with a real network constraint: a player starts with the page's downloads throttled through CDP
 * (`Network.emulateNetworkConditions`) below the second rung, plays a little, the throttle is lifted, and the
 * player must switch to a higher rendition without a stall longer than one segment.
 */
import type { BrowserContext } from 'playwright-core';
import {
  type PlayerName,
  type PlaybackState,
  type Protocol,
  type RenditionChange,
  openPlayer,
} from './player-session.js';

/** Seconds played under the throttle before it is lifted. */
const THROTTLED_PLAY_SECONDS = 2;

export interface AbrOutcome {
  readonly player: PlayerName;
  readonly protocol: Protocol;
  readonly throttleBps: number;
  readonly liftedBps: number;
  /** Rendered picture height when the throttle was lifted, and the first larger one after it. */
  readonly heightAtLift: number | null;
  readonly heightAfter: number | null;
  /** From the lift to the first larger picture. */
  readonly switchUpMs: number | null;
  /** Longest wait for data that began after the lift (seeks excluded), one still open at the end included. */
  readonly longestStallAfterLiftMs: number;
  /** Longest wait for data while throttled: the player's own start-up choice, reported only. */
  readonly longestStallThrottledMs: number;
  readonly renditions: readonly RenditionChange[];
  readonly failure: string | null;
}

export async function abrScenario(
  context: BrowserContext,
  pageUrl: string,
  run: {
    player: PlayerName;
    protocol: Protocol;
    url: string;
    throttleBps: number;
    /** The rate after the lift: fast broadband, not unlimited (see players.test.ts). */
    liftedBps: number;
    screenshotPath: string;
  },
): Promise<AbrOutcome> {
  const session = await openPlayer(context, pageUrl, {
    player: run.player,
    url: run.url,
    beforeStart: async (_page, cdp) => {
      const client = await cdp();
      await client.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: run.throttleBps / 8,
        uploadThroughput: -1,
      });
    },
  });
  let heightAtLift: number | null = null;
  let heightAfter: number | null = null;
  let switchUpMs: number | null = null;
  let failure: string | null = null;
  let last: PlaybackState | null = null;
  let liftedAtMs = Number.POSITIVE_INFINITY;
  try {
    const atLift = await session.waitUntil(
      `${THROTTLED_PLAY_SECONDS} s of throttled playback`,
      (state) =>
        state.playingMs !== null && state.currentTime >= THROTTLED_PLAY_SECONDS && state.videoHeight > 0,
      90_000,
    );
    heightAtLift = atLift.videoHeight;
    liftedAtMs = atLift.elapsedMs;
    const client = await session.cdp();
    await client.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: run.liftedBps / 8,
      uploadThroughput: -1,
    });
    const liftedAt = Date.now();
    const after = await session.waitUntil(
      `a switch above ${heightAtLift}p after the throttle was lifted`,
      (state) => state.videoHeight > (heightAtLift ?? 0) || state.endedCount > 0,
      60_000,
    );
    if (after.videoHeight <= heightAtLift) throw new Error(`the asset ended still at ${after.videoHeight}p`);
    switchUpMs = Date.now() - liftedAt;
    heightAfter = after.videoHeight;
    await session.page.screenshot({ path: run.screenshotPath });
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  last = await session.state().catch(() => last);
  await session.close();
  const stalls = (last?.stalls ?? []).filter((stall) => !stall.seek);
  const longest = (durations: number[]) => Math.max(0, ...durations);
  const afterLift = stalls.filter((stall) => stall.atMs >= liftedAtMs).map((stall) => stall.durationMs);
  const open = last?.openStallMs;
  if (last !== null && open != null && last.openStallIsSeek !== true && last.elapsedMs - open >= liftedAtMs) {
    afterLift.push(open);
  }
  return {
    player: run.player,
    protocol: run.protocol,
    throttleBps: run.throttleBps,
    liftedBps: run.liftedBps,
    heightAtLift,
    heightAfter,
    switchUpMs,
    longestStallAfterLiftMs: longest(afterLift),
    longestStallThrottledMs: longest(
      stalls.filter((stall) => stall.atMs < liftedAtMs).map((s) => s.durationMs),
    ),
    renditions: last?.renditions ?? [],
    failure,
  };
}
