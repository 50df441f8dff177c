/**
 * Node's side of one player run: a page of the test page server with one player playing one URL, read
 * through window.playbackState(). Waiting is polling with a deadline that gives up early on a fatal error.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';

export type PlayerName = 'hls.js' | 'dashjs' | 'shaka';
export type Protocol = 'hls' | 'dash';

export interface PlaybackError {
  readonly atMs: number;
  readonly source: string;
  readonly fatal: boolean;
  readonly message: string;
}

export interface Stall {
  readonly atMs: number;
  readonly atTime: number;
  /** True when a seek caused it. */
  readonly seek: boolean;
  readonly durationMs: number;
}

export interface RenditionChange {
  readonly atMs: number;
  readonly height: number | null;
  readonly bandwidth: number | null;
}

/** What test/players/page/harness.js reports. Times in ms since the player was started. */
export interface PlaybackState {
  readonly player: PlayerName | null;
  /** Now, in ms since the player was started. */
  readonly elapsedMs: number;
  readonly firstFrameMs: number | null;
  readonly playingMs: number | null;
  readonly endedCount: number;
  readonly errors: readonly PlaybackError[];
  readonly stalls: readonly Stall[];
  readonly renditions: readonly RenditionChange[];
  readonly resizes: readonly { atMs: number; width: number; height: number }[];
  readonly events: readonly { atMs: number; type: string; detail?: unknown }[];
  readonly currentTime: number;
  readonly duration: number;
  readonly paused: boolean;
  readonly ended: boolean;
  readonly seeking: boolean;
  readonly readyState: number;
  readonly videoWidth: number;
  readonly videoHeight: number;
  readonly openStallMs: number | null;
  readonly openStallIsSeek: boolean | null;
}

declare global {
  interface Window {
    startPlayback(options: { player: PlayerName; url: string; bufferSeconds?: number }): Promise<void>;
    playbackState(): PlaybackState;
    seekTo(seconds: number): Promise<void>;
    stopPlayback(): Promise<void>;
  }
}

export interface PlayerSession {
  readonly page: Page;
  state(): Promise<PlaybackState>;
  /** Resolves with the state once `done(state)`; rejects on a fatal error or at the deadline. */
  waitUntil(what: string, done: (state: PlaybackState) => boolean, timeoutMs: number): Promise<PlaybackState>;
  seekTo(seconds: number): Promise<void>;
  /** A CDP session on the page, for network emulation. */
  cdp(): Promise<CDPSession>;
  close(): Promise<void>;
}

export interface OpenPlayerOptions {
  readonly player: PlayerName;
  readonly url: string;
  /** Forward buffer the player aims for; the player's default when absent. */
  readonly bufferSeconds?: number;
  /** Runs after the page loaded and before the player starts (to throttle the network first). */
  readonly beforeStart?: (page: Page, cdp: () => Promise<CDPSession>) => Promise<void>;
}

export async function openPlayer(
  context: BrowserContext,
  pageUrl: string,
  options: OpenPlayerOptions,
): Promise<PlayerSession> {
  const page = await context.newPage();
  let session: CDPSession | null = null;
  const cdp = async () => (session ??= await context.newCDPSession(page));
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Segments are cacheable for a year: without this, a player would read what an earlier run fetched from
  // the browser's cache, and neither start-up times nor throttling would measure the origin.
  const client = await cdp();
  await client.send('Network.enable');
  await client.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.goto(pageUrl);
  await options.beforeStart?.(page, cdp);
  await page.evaluate(
    ([player, url, bufferSeconds]) => window.startPlayback({ player, url, bufferSeconds }),
    [options.player, options.url, options.bufferSeconds] as const,
  );
  const state = () => page.evaluate(() => window.playbackState());
  return {
    page,
    state,
    async waitUntil(what, done, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let last = await state();
      while (!done(last)) {
        const fatal = last.errors.find((error) => error.fatal);
        if (fatal !== undefined)
          throw new Error(`${options.player} failed while waiting for ${what}: ${fatal.message}`);
        if (pageErrors.length > 0)
          throw new Error(`the page threw while waiting for ${what}: ${pageErrors.join('; ')}`);
        if (Date.now() > deadline) {
          throw new Error(
            `${options.player} did not reach ${what} within ${timeoutMs} ms: at ${last.currentTime.toFixed(2)} s of ${last.duration}, ` +
              `paused ${last.paused}, readyState ${last.readyState}; last events ${JSON.stringify(last.events.slice(-8))}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
        last = await state();
      }
      return last;
    },
    seekTo: (seconds) => page.evaluate((to) => window.seekTo(to), seconds),
    cdp,
    async close() {
      await page.evaluate(() => window.stopPlayback()).catch(() => undefined);
      await session?.detach().catch(() => undefined);
      await page.close();
    },
  };
}
