/**
 * Signed playback in a real browser: an all-in-one ScalaCast with a signing key packages a clip, the
 * publisher makes it signed (and embed-restricted to the test page's site) through the API, and hls.js,
 * dashjs and shaka play the API's playback URLs in Chromium with no player configuration: every manifest,
 * init and media segment request carries the token in its path. Unsigned URLs are refused; a page of
 * another site is refused too.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Response as PlaywrightResponse } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClip } from '../fixtures/generate-media.js';
import { openPlayer, type Protocol } from '../players/player-session.js';
import { startPlayerPageServer, type PlayerPageServer } from '../players/player-page-server.js';
import { createApiClient, type AssetJson } from '../setup/api-client.js';
import { launchBrowser, type TestBrowser } from '../setup/browser.js';
import { startScalacast, type ScalacastProcess } from '../setup/scalacast-process.js';
import { waitFor } from '../setup/wait-for.js';

const BOOTSTRAP_KEY = 'origin-signed-playback-bootstrap-key-0123';
const auth = { authorization: `Bearer ${BOOTSTRAP_KEY}` };
let dataDir: string;
let scalacast: ScalacastProcess;
let browser: TestBrowser;
let pageServer: PlayerPageServer;
let api: ReturnType<typeof createApiClient>;
let signed: AssetJson;

async function setPolicy(
  id: string,
  policy: { signed: boolean; allowedOrigins?: string[] },
): Promise<AssetJson> {
  const response = await fetch(`${scalacast.url}/v1/assets/${id}/playback-policy`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(policy),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as AssetJson;
}

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-signed-'));
  [scalacast, browser, pageServer] = await Promise.all([
    startScalacast('all-in-one', {
      DATA_DIR: dataDir,
      SCALACAST_BOOTSTRAP_KEY: BOOTSTRAP_KEY,
      PLAYBACK_SIGNING_KEYS: `k1:${'q'.repeat(48)}`,
      // Policy changes reach this (only) instance at once; a short TTL keeps the negative case quick too.
      ASSET_CACHE_TTL_MS: '200',
    }),
    launchBrowser(),
    startPlayerPageServer(),
  ]);
  api = createApiClient(scalacast.url, auth);
  const clip = await generateClip({ durationS: 4, width: 640, height: 360, fps: 30, audio: true });
  const created = await api.uploadFile(clip, 'signed clip');
  expect(created.status).toBe(201);
  const { asset } = await api.waitUntilDone(((await created.json()) as AssetJson).id);
  expect(asset.status).toBe('ready');
  signed = await setPolicy(asset.id, { signed: true, allowedOrigins: [new URL(pageServer.url).origin] });
}, 300_000);

afterAll(async () => {
  await Promise.allSettled([browser?.close(), pageServer?.close(), scalacast?.stop()]);
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('a signed asset', () => {
  it('is offered by the API with tokens in its playback URLs, and refused without them', async () => {
    for (const url of [signed.playback.hls, signed.playback.dash, signed.playback.player]) {
      expect(new URL(api.resolve(url)).pathname).toMatch(
        new RegExp(`^/play/t/k1\\.\\d+\\.[\\w-]{43}/${signed.id}/`),
      );
    }
    const origin = { origin: new URL(pageServer.url).origin };
    expect((await fetch(`${scalacast.url}/play/${signed.id}/master.m3u8`, { headers: origin })).status).toBe(
      403,
    );
    expect(
      (await fetch(`${scalacast.url}/play/${signed.id}/r1/360p/1.m4s`, { headers: origin })).status,
    ).toBe(403);
    expect((await fetch(api.resolve(signed.playback.hls), { headers: origin })).status).toBe(200);
  });

  it.each([
    ['hls.js', 'hls'],
    ['dashjs', 'dash'],
    ['shaka', 'hls'],
    ['shaka', 'dash'],
  ] as const)(
    'plays in %s (%s) from the API’s URL with no player configuration',
    async (player, protocol) => {
      const seen: { path: string; status: number }[] = [];
      const onResponse = (response: PlaywrightResponse) => {
        if (response.url().startsWith(scalacast.url)) {
          seen.push({ path: new URL(response.url()).pathname, status: response.status() });
        }
      };
      browser.context.on('response', onResponse);
      const session = await openPlayer(browser.context, pageServer.url, { player, url: urlFor(protocol) });
      try {
        await session.waitUntil('2.5 s of playback', (state) => state.currentTime > 2.5, 60_000);
      } finally {
        await session.close();
        browser.context.off('response', onResponse);
      }
      const media = seen.filter((entry) => /\.(m4s|mp4)$/.test(entry.path));
      expect(media.length).toBeGreaterThan(1);
      for (const entry of seen) {
        expect(entry.path.startsWith(`/play/t/`), entry.path).toBe(true);
        expect([200, 206], entry.path).toContain(entry.status);
      }
    },
    120_000,
  );
});

describe('all-in-one without REDIS_CACHE_URL', () => {
  it('runs a second local redis-server (allkeys-lru, bounded) as the shared cache tier, and uses it', async () => {
    const started = scalacast.logRecords().filter((line) => line.msg === 'local redis-server started');
    expect(started.map((line) => line.policy).sort()).toEqual(['allkeys-lru', 'noeviction']);
    const metrics = await (await fetch(`${scalacast.url}/metrics`)).text();
    expect(metrics).toMatch(
      /scalacast_origin_cache_lookups_total\{[^}]*tier="redis"[^}]*result="miss"[^}]*\} [1-9]/,
    );
  });
});

describe('an embed-restricted asset on another site', () => {
  it('is refused in the browser (403) although the token is valid', async () => {
    const elsewhere = await setPolicy(signed.id, {
      signed: true,
      allowedOrigins: ['https://elsewhere.example'],
    });
    const statuses: number[] = [];
    const onResponse = (response: PlaywrightResponse) => {
      if (response.url().startsWith(scalacast.url)) statuses.push(response.status());
    };
    browser.context.on('response', onResponse);
    const page = await browser.context.newPage();
    try {
      await page.goto(pageServer.url);
      // Not awaited: with no playable source, the page's play() never settles.
      await page.evaluate((url) => {
        void window.startPlayback({ player: 'hls.js', url });
      }, api.resolve(elsewhere.playback.hls));
      await waitFor(
        async () => (await page.evaluate(() => window.playbackState().errors)).some((error) => error.fatal),
        { timeoutMs: 30_000, what: 'hls.js to give up' },
      );
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set([403]));
      expect((await page.evaluate(() => window.playbackState())).currentTime).toBe(0);
    } finally {
      browser.context.off('response', onResponse);
      await page.close();
    }
  }, 60_000);
});

function urlFor(protocol: Protocol): string {
  return api.resolve(protocol === 'hls' ? signed.playback.hls : signed.playback.dash);
}
