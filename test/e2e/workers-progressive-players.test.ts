/**
 * Segment-level progressive publish seen by real players: an upload turns `playable` while ffmpeg still
 * writes its ladder (status `processing`, a provisional presentation of the whole ladder, declared from the
 * first stored segments); hls.js (HLS), dashjs (DASH) and shaka (HLS and DASH) started at that moment in
 * Debian's Chromium play to the end with no error while the final commit replaces the presentation under
 * them; the final presentation is conformant. Once for a whole-source encode, once for a chunked run (its
 * parts publish their chunks in place, players cross every chunk boundary).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMasterPlaylist } from '../../manifests/hls/parse.js';
import { assertConformant } from '../conformance/assert-conformant.js';
import { generateClip } from '../fixtures/generate-media.js';
import { openPlayer, type PlayerSession } from '../players/player-session.js';
import { PLAYER_RUNS, runLabel } from '../players/playback-scenario.js';
import { startPlayerPageServer, type PlayerPageServer } from '../players/player-page-server.js';
import { createApiClient, type AssetJson } from '../setup/api-client.js';
import { launchBrowser, type TestBrowser } from '../setup/browser.js';
import { startScalacast, type ScalacastProcess } from '../setup/scalacast-process.js';
import { waitFor } from '../setup/wait-for.js';

const BOOTSTRAP_KEY = 'e2e-progressive-bootstrap-key-01234';
let browser: TestBrowser;
let pageServer: PlayerPageServer;

beforeAll(async () => {
  [browser, pageServer] = await Promise.all([launchBrowser(), startPlayerPageServer()]);
}, 120_000);

afterAll(async () => {
  await Promise.all([browser?.close(), pageServer?.close()]);
});

const RUNS: ReadonlyArray<{ packaging: string; env: Record<string, string> }> = [
  { packaging: 'one encode of the whole source', env: {} },
  {
    packaging: 'a chunked run, five chunks of 4 s on two job slots',
    env: { CHUNK_THRESHOLD_MS: '10000', CHUNK_DURATION_MS: '4000', WORKER_CONCURRENCY: '2' },
  },
];

describe.each(RUNS)('progressive publish in real players: $packaging', ({ env }) => {
  let dataDir: string;
  let scalacast: ScalacastProcess;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-progressive-'));
    scalacast = await startScalacast('all-in-one', {
      DATA_DIR: dataDir,
      SCALACAST_BOOTSTRAP_KEY: BOOTSTRAP_KEY,
      // The four players decode video on the same two cores as the encoder. A worker's viewers are elsewhere;
      // here the encode must stay faster than real time under their load, which the playable rule cannot
      // foresee (it measures the encode before the players start).
      X264_PRESET: 'ultrafast',
      ...env,
    });
  }, 120_000);

  afterAll(async () => {
    await scalacast?.stop('SIGTERM');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('plays from the first segments to the end in every player while the ladder is encoded', async () => {
    const api = createApiClient(scalacast.url, { authorization: `Bearer ${BOOTSTRAP_KEY}` });
    const clip = await generateClip({ durationS: 20, width: 854, height: 480, fps: 30, audio: true });
    const created = await api.uploadFile(clip, 'progressive');
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as AssetJson;

    let early: AssetJson | undefined;
    await waitFor(async () => (early = await api.getAsset(id)).playable || early.status === 'errored', {
      timeoutMs: 120_000,
      intervalMs: 50,
      what: 'the asset to turn playable',
    });
    expect(early?.status).toBe('processing');
    expect(early?.renditions.map((rendition) => rendition.id)).toEqual(['480p', '360p', 'audio']);
    const playback = early?.playback ?? { hls: '', dash: '' };
    const master = parseMasterPlaylist(await (await fetch(api.resolve(playback.hls))).text());
    expect(master.variants).toHaveLength(2);

    const sessions: PlayerSession[] = [];
    try {
      for (const run of PLAYER_RUNS) {
        const url = api.resolve(run.protocol === 'hls' ? playback.hls : playback.dash);
        sessions.push(await openPlayer(browser.context, pageServer.url, { player: run.player, url }));
      }
      await Promise.all(
        sessions.map((session, index) =>
          session.waitUntil(
            `${runLabel(PLAYER_RUNS[index] ?? PLAYER_RUNS[0]!)} to play`,
            (state) => state.playingMs !== null,
            60_000,
          ),
        ),
      );
      const ended = await Promise.all(
        sessions.map((session) => session.waitUntil('the end', (state) => state.endedCount >= 1, 120_000)),
      );
      ended.forEach((state, index) => {
        const label = runLabel(PLAYER_RUNS[index] ?? PLAYER_RUNS[0]!);
        expect(state.errors, `${label} errors`).toEqual([]);
        expect(state.currentTime, `${label} reached the end`).toBeGreaterThan(19);
      });

      // Once the measured presentation is committed, the players still hold the provisional manifests: every
      // URL in them keeps working (seek back and play through segments again, refetched or not).
      const { asset: final } = await api.waitUntilDone(id, 240_000);
      expect(final.status).toBe('ready');
      await Promise.all(sessions.map((session) => session.seekTo(1)));
      const replayed = await Promise.all(
        sessions.map((session) =>
          session.waitUntil(
            'replay after the final commit',
            (state) => state.currentTime > 4 && !state.paused,
            60_000,
          ),
        ),
      );
      replayed.forEach((state, index) => {
        expect(
          state.errors,
          `${runLabel(PLAYER_RUNS[index] ?? PLAYER_RUNS[0]!)} errors after the commit`,
        ).toEqual([]);
      });
    } finally {
      await Promise.all(sessions.map((session) => session.close()));
    }

    const { asset } = await api.waitUntilDone(id, 240_000);
    expect(asset.status).toBe('ready');
    expect(asset.renditions.map((rendition) => rendition.id)).toEqual(['480p', '360p', 'audio']);
    expect(asset.images).not.toBeNull();
    await assertConformant(asset.playback, { baseUrl: scalacast.url });
    const poster = await fetch(api.resolve((asset.images as { poster: string }).poster));
    expect(poster.headers.get('content-type')).toBe('image/jpeg');
  }, 400_000);
});
