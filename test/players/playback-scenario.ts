/**
 * What every player must do with every asset of the matrix (issue 3): start, play past 6 s (or to the end
 * of a shorter asset, where `ended` must fire) without a fatal error, resume after a seek to the middle. The
 * outcome keeps what the results table reports (start-up time, stalls, errors) and a screenshot path.
 */
import type { BrowserContext } from 'playwright-core';
import {
  type PlayerName,
  type PlaybackState,
  type Protocol,
  type Stall,
  openPlayer,
} from './player-session.js';

/** Assets shorter than this are played to the end instead of to 6 s. */
export const PLAY_TO_SECONDS = 6;
const SHORT_ASSET_SECONDS = PLAY_TO_SECONDS + 1;

export interface PlayerRun {
  readonly player: PlayerName;
  readonly protocol: Protocol;
}

export const PLAYER_RUNS: readonly PlayerRun[] = [
  { player: 'hls.js', protocol: 'hls' },
  { player: 'dashjs', protocol: 'dash' },
  { player: 'shaka', protocol: 'hls' },
  { player: 'shaka', protocol: 'dash' },
];

export function runLabel(run: PlayerRun): string {
  return `${run.player} ${run.protocol.toUpperCase()}`;
}

export interface PlaybackOutcome {
  readonly player: PlayerName;
  readonly protocol: Protocol;
  /** Load to the first video frame (to `playing` for audio-only). */
  readonly startupMs: number | null;
  readonly firstFrameMs: number | null;
  readonly playingMs: number | null;
  /** Furthest position seen before the seek, seconds. */
  readonly reachedSeconds: number;
  readonly seekToSeconds: number;
  readonly resumedAfterSeek: boolean;
  readonly endedCount: number;
  readonly stalls: readonly Stall[];
  readonly errors: readonly string[];
  /** Why the scenario stopped early; null when it ran through. */
  readonly failure: string | null;
  readonly screenshotPath: string;
}

export async function playScenario(
  context: BrowserContext,
  pageUrl: string,
  run: PlayerRun & {
    readonly url: string;
    readonly durationSeconds: number;
    readonly screenshotPath: string;
  },
): Promise<PlaybackOutcome> {
  const session = await openPlayer(context, pageUrl, { player: run.player, url: run.url });
  const short = run.durationSeconds < SHORT_ASSET_SECONDS;
  const seekToSeconds = Math.round((run.durationSeconds / 2) * 1000) / 1000;
  let last: PlaybackState | null = null;
  let reachedSeconds = 0;
  let resumedAfterSeek = false;
  let failure: string | null = null;
  try {
    // Real time: 6 s of playback cannot take less than 6 s, so the deadline covers start-up and slow CI.
    const playMs = 30_000 + 2_000 * Math.min(PLAY_TO_SECONDS, run.durationSeconds);
    last = short
      ? await session.waitUntil('the end', (state) => state.endedCount >= 1, playMs)
      : await session.waitUntil(
          `${PLAY_TO_SECONDS} s`,
          (state) => state.playingMs !== null && state.currentTime >= PLAY_TO_SECONDS,
          playMs,
        );
    reachedSeconds = last.currentTime;
    await session.page.screenshot({ path: run.screenshotPath });
    await session.seekTo(seekToSeconds);
    const endedBefore = last.endedCount;
    last = await session.waitUntil(
      `playback resuming after a seek to ${seekToSeconds} s`,
      (state) =>
        (!state.seeking && !state.paused && state.currentTime >= seekToSeconds + 0.5) ||
        (short && state.endedCount > endedBefore),
      30_000,
    );
    resumedAfterSeek = true;
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  last = await session.state().catch(() => last);
  await session.close();
  return {
    player: run.player,
    protocol: run.protocol,
    startupMs: last?.firstFrameMs ?? last?.playingMs ?? null,
    firstFrameMs: last?.firstFrameMs ?? null,
    playingMs: last?.playingMs ?? null,
    reachedSeconds,
    seekToSeconds,
    resumedAfterSeek,
    endedCount: last?.endedCount ?? 0,
    stalls: last?.stalls ?? [],
    errors: (last?.errors ?? []).map(
      (error) => `${error.fatal ? 'fatal ' : ''}${error.source}: ${error.message}`,
    ),
    failure,
    screenshotPath: run.screenshotPath,
  };
}
