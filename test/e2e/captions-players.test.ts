/**
 * Captions in real players: an asset packaged by `npm start` gets English captions through the API, passes
 * the conformance checker with its text rendition, and hls.js and dash.js in Chromium (on another origin, so
 * CORS is real) list the text track and load its cues.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertConformant } from '../conformance/assert-conformant.js';
import { generateClip } from '../fixtures/generate-media.js';
import { startPlayerPageServer, type PlayerPageServer } from '../players/player-page-server.js';
import { createApiClient, type AssetJson } from '../setup/api-client.js';
import { launchBrowser, type TestBrowser } from '../setup/browser.js';
import { startScalacast, TEST_BOOTSTRAP_KEY, type ScalacastProcess } from '../setup/scalacast-process.js';

const CAPTIONS = 'WEBVTT\n\n00:00.200 --> 00:03.500\nHello from ScalaCast captions\n';
let dataDir: string;
let server: ScalacastProcess;
let pages: PlayerPageServer;
let browser: TestBrowser;
let asset: AssetJson;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-captions-'));
  [server, pages, browser] = await Promise.all([
    startScalacast('all-in-one', { DATA_DIR: dataDir }),
    startPlayerPageServer(),
    launchBrowser(),
  ]);
  const api = createApiClient(server.url);
  const clip = await generateClip({ durationS: 4, width: 640, height: 360, fps: 30, audio: true });
  const created = (await (await api.uploadFile(clip, 'captioned')).json()) as AssetJson;
  asset = (await api.waitUntilDone(created.id)).asset;
  const put = await fetch(`${server.url}/v1/assets/${asset.id}/captions/en`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${TEST_BOOTSTRAP_KEY}`, 'content-type': 'text/vtt' },
    body: CAPTIONS,
  });
  expect(put.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await server?.stop('SIGTERM');
  await fs.rm(dataDir, { recursive: true, force: true });
});

/** The parts of hls.js and dash.js the page code below uses (they are loaded as globals by the page). */
interface HlsGlobal {
  new (): {
    on(event: string, listener: (event: unknown, data: never) => void): void;
    loadSource(url: string): void;
    attachMedia(video: HTMLVideoElement): void;
    subtitleTrack: number;
    destroy(): void;
  };
  readonly Events: Readonly<Record<'SUBTITLE_TRACKS_UPDATED' | 'ERROR', string>>;
}
interface DashjsGlobal {
  MediaPlayer: {
    (): {
      create(): {
        on(event: string, listener: (event: { error?: { message?: string } }) => void): void;
        initialize(video: HTMLVideoElement, url: string, autoPlay: boolean): void;
        getTracksFor(type: 'text'): { lang: string; labels: { text: string }[] }[];
        enableText(enabled: boolean): void;
        setTextTrack(index: number): void;
        reset(): void;
      };
    };
    readonly events: Readonly<Record<'STREAM_INITIALIZED' | 'ERROR', string>>;
  };
}

interface Seen {
  readonly tracks: { lang: string; name: string }[];
  readonly cues: string[];
}

async function open(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(pages.url);
  return page;
}

describe('captions in real players', () => {
  it('serves a conformant presentation, its subtitle playlist and WebVTT file included', async () => {
    expect(asset.status).toBe('ready');
    const report = await assertConformant(asset.playback, { baseUrl: server.url });
    expect(report.stats.textFiles).toBe(1);
  });

  it('hls.js lists the SUBTITLES rendition and loads its cues', async () => {
    expect(asset.status).toBe('ready');
    const page = await open();
    const seen = await page.evaluate(async (url): Promise<Seen> => {
      const w = window as unknown as { Hls: HlsGlobal };
      const video = document.getElementById('video') as HTMLVideoElement;
      const hls = new w.Hls();
      const tracks = await new Promise<Seen['tracks']>((resolve, reject) => {
        hls.on(
          w.Hls.Events.SUBTITLE_TRACKS_UPDATED,
          (_event: unknown, data: { subtitleTracks: { lang: string; name: string }[] }) =>
            resolve(data.subtitleTracks.map((track) => ({ lang: track.lang, name: track.name }))),
        );
        hls.on(w.Hls.Events.ERROR, (_event: unknown, data: { fatal: boolean; details: string }) => {
          if (data.fatal) reject(new Error(data.details));
        });
        hls.loadSource(url);
        hls.attachMedia(video);
      });
      hls.subtitleTrack = 0;
      video.muted = true;
      await video.play();
      const cues = await pollCues(video);
      hls.destroy();
      return { tracks, cues };

      function pollCues(element: HTMLVideoElement): Promise<string[]> {
        const deadline = performance.now() + 30_000;
        return new Promise((resolve, reject) => {
          const tick = () => {
            const track = Array.from(element.textTracks).find((candidate) => candidate.language === 'en');
            const texts = track?.cues ? Array.from(track.cues).map((cue) => (cue as VTTCue).text) : [];
            if (texts.length > 0) resolve(texts);
            else if (performance.now() > deadline) reject(new Error('no cues loaded'));
            else setTimeout(tick, 100);
          };
          tick();
        });
      }
    }, new URL(asset.playback.hls, server.url).toString());
    expect(seen.tracks).toEqual([{ lang: 'en', name: 'English' }]);
    expect(seen.cues).toEqual(['Hello from ScalaCast captions']);
    await page.close();
  });

  it('dash.js lists the text AdaptationSet and loads its cues', async () => {
    const page = await open();
    const seen = await page.evaluate(async (url): Promise<Seen> => {
      const w = window as unknown as { dashjs: DashjsGlobal };
      const video = document.getElementById('video') as HTMLVideoElement;
      video.muted = true;
      const player = w.dashjs.MediaPlayer().create();
      await new Promise<void>((resolve, reject) => {
        player.on(w.dashjs.MediaPlayer.events.STREAM_INITIALIZED, () => resolve());
        player.on(w.dashjs.MediaPlayer.events.ERROR, (event: { error?: { message?: string } }) =>
          reject(new Error(event.error?.message ?? 'dash.js error')),
        );
        player.initialize(video, url, true);
      });
      const list = player.getTracksFor('text');
      const tracks = list.map((track) => ({ lang: track.lang, name: track.labels[0]?.text ?? '' }));
      player.enableText(true);
      player.setTextTrack(0);
      const deadline = performance.now() + 30_000;
      const cues = await new Promise<string[]>((resolve, reject) => {
        const tick = () => {
          const track = Array.from(video.textTracks).find((candidate) => candidate.language === 'en');
          if (track && track.mode === 'disabled') track.mode = 'hidden';
          const texts = track?.cues ? Array.from(track.cues).map((cue) => (cue as VTTCue).text) : [];
          if (texts.length > 0) resolve(texts);
          else if (performance.now() > deadline)
            reject(
              new Error(
                `no cues: ${JSON.stringify(Array.from(video.textTracks).map((t) => [t.language, t.mode, t.cues?.length]))}`,
              ),
            );
          else setTimeout(tick, 100);
        };
        tick();
      });
      player.reset();
      return { tracks, cues };
    }, new URL(asset.playback.dash, server.url).toString());
    expect(seen.tracks).toEqual([{ lang: 'en', name: 'English' }]);
    expect(seen.cues).toEqual(['Hello from ScalaCast captions']);
    await page.close();
  });
});
