/**
 * The admin dashboard in real Chromium against a real all-in-one process: sign in, upload and watch the
 * progress bar reach ready without a reload, play the asset in the embedded player (HLS, then DASH), make a
 * bad upload fail and read its error, retry and delete it from the UI, and look at the overview, the list
 * and bull-board. Screenshots go to test-output/admin/.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClip } from '../fixtures/generate-media.js';
import { launchBrowser, type TestBrowser } from '../setup/browser.js';
import { startScalacast, type ScalacastProcess } from '../setup/scalacast-process.js';
import { waitFor } from '../setup/wait-for.js';
import { ADMIN_PASSWORD, ADMIN_USER, uploadThroughDashboard } from './admin-http.js';
import {
  liveSamples,
  PACKAGING_TIMEOUT_MS,
  playerFrame,
  saveScreenshot,
  uploadFromDashboard,
  videoTime,
  waitForAssetStatus,
  waitForPlayback,
  watchAssetSummary,
} from './dashboard-page.js';

let dataDir: string;
let server: ScalacastProcess;
let browser: TestBrowser;
let page: Page;
let readyId: string;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-admin-ui-'));
  [server, browser] = await Promise.all([
    startScalacast('all-in-one', { DATA_DIR: dataDir, ADMIN_USER, ADMIN_PASSWORD }),
    launchBrowser({ viewport: { width: 1280, height: 860 } }),
  ]);
  page = await browser.context.newPage();
  page.setDefaultTimeout(60_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop('SIGTERM');
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('the admin dashboard in Chromium', () => {
  it('sends a visitor to sign in, refuses a wrong password, and lets the operator in', async () => {
    await page.goto(`${server.url}/admin/assets`);
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    await page.getByLabel('User name').fill(ADMIN_USER);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('do not match');

    await page.getByLabel('User name').fill(ADMIN_USER);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/admin/assets`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Assets');
    const cookies = await browser.context.cookies(`${server.url}/admin`);
    expect(cookies.find((cookie) => cookie.name === 'scalacast_admin')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/admin',
    });
  });

  it('uploads a video and shows its progress bar move to ready without reloading', async () => {
    const clip = await generateClip({ durationS: 16, width: 1280, height: 720, fps: 30, audio: true });
    readyId = await uploadFromDashboard(page, server.url, clip, 'Product launch keynote');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Upload received');
    await watchAssetSummary(page);
    await waitForAssetStatus(page, 'ready');

    const { samples, reloaded } = await liveSamples(page);
    expect(reloaded).toBe(false);
    expect(samples[0]?.status).toMatch(/^(queued|processing)$/);
    expect(samples.at(-1)).toEqual({ status: 'ready', progress: 100 });
    const progress = samples.map((sample) => sample.progress ?? 0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const renditions = page.locator('[data-live-id="renditions"] tbody tr');
    await expect
      .poll(() => renditions.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-rendition'))))
      .toEqual(['720p', '480p', '360p', 'audio']);
    const codecs = await page
      .locator('[data-live-id="renditions"] td[data-label="Codecs"]')
      .allTextContents();
    expect(codecs.slice(0, 3).every((codec) => codec.startsWith('avc1.'))).toBe(true);
    expect(codecs[3]).toBe('mp4a.40.2');
    const peaks = await page.locator('[data-live-id="renditions"] td[data-label="Peak"]').allTextContents();
    expect(peaks.every((peak) => /\d (Mb|kb)\/s$/.test(peak))).toBe(true);
    // The packager's images of the revision: a poster and thumbnails that the browser actually loads.
    const artwork = page.locator('[data-live-id="artwork"]');
    await artwork.locator('.poster img').scrollIntoViewIfNeeded();
    await expect
      .poll(() =>
        artwork
          .locator('.artwork img')
          .evaluateAll((images) => images.map((img) => (img as HTMLImageElement).naturalWidth)),
      )
      .toSatisfy((widths: number[]) => widths.length >= 2 && widths.every((width) => width > 0));
    const run = page.locator(`[data-live-id="timeline"] li[data-job-id="${readyId}.r1"]`);
    // The catalog says ready a moment before BullMQ marks the job completed: the live timeline catches up.
    await expect
      .poll(() => run.getAttribute('data-job-state'), { timeout: 30_000, interval: 500 })
      .toBe('completed');
    expect(await run.textContent()).toMatch(/waited .* packaging \d/);
    // The job's stages as its worker recorded them, each with a duration: probe and download, then the one
    // encode of the whole ladder, its publish and its commit.
    const stages = await run.locator('ol.stages > li').evaluateAll((items) =>
      items.map((item) => ({
        name: item.getAttribute('data-stage'),
        outcome: item.getAttribute('data-outcome'),
        duration: item.querySelector('.num')?.textContent ?? '',
      })),
    );
    const names = stages.map((stage) => stage.name);
    expect(names.slice(0, 2)).toEqual(['probe', 'download']);
    for (const name of ['transcode', 'describe', 'publish', 'commit']) expect(names).toContain(name);
    for (const stage of stages) {
      expect(stage.outcome).toBe('ok');
      expect(stage.duration).toMatch(/^(\d+ ms|\d+\.\d s|\d+ min \d\d s)$/);
    }
  });

  it('plays the asset in the embedded player, over HLS and then DASH', async () => {
    const frame = await playerFrame(page);
    await waitForPlayback(frame, 1);
    expect(await frame.locator('button[data-protocol="hls"]').getAttribute('aria-pressed')).toBe('true');
    await saveScreenshot(page, 'asset', true);

    await frame.locator('button[data-protocol="dash"]').click();
    expect(await frame.locator('button[data-protocol="dash"]').getAttribute('aria-pressed')).toBe('true');
    const switchedAt = await videoTime(frame);
    await waitForPlayback(frame, switchedAt + 1);
    expect(await frame.locator('#player-status').textContent()).not.toMatch(/error/i);
  });

  it('lists assets with status, progress, duration, rungs and size, and finds one by title', async () => {
    await page.goto(`${server.url}/admin/assets`);
    const row = page.locator(`tr[data-asset-id="${readyId}"]`);
    expect(await row.getAttribute('data-status')).toBe('ready');
    expect(await row.locator('progress').getAttribute('value')).toBe('100');
    expect(await row.locator('td[data-label="Duration"]').textContent()).toBe('0:16');
    expect(await row.locator('td[data-label="Rungs"]').textContent()).toBe('720p · 480p · 360p');
    expect(await row.locator('td[data-label="Size"]').textContent()).toMatch(/^\d+(\.\d)? (KB|MB)source /);

    await page.getByLabel('Title or asset id').fill('KEYNOTE');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=KEYNOTE/);
    expect(await page.locator('tbody tr').count()).toBe(1);
    await page.getByLabel('Title or asset id').fill('no such title');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByText('No asset matches').count()).toBe(1);
  });

  it("shows a bad upload's error with the tool output, retries it, and deletes it", async () => {
    const junk = path.join(dataDir, 'corrupted-export.mp4');
    await fs.writeFile(junk, randomBytes(64 * 1024));
    const badId = await uploadFromDashboard(page, server.url, junk, 'Corrupted export');
    await waitForAssetStatus(page, 'errored');
    const errorBox = page.locator('[data-live-id="error"]');
    expect(await errorBox.locator('[data-error-code]').getAttribute('data-error-code')).toBe(
      'source_unreadable',
    );
    expect(await errorBox.textContent()).toContain('not a video file');
    expect((await errorBox.locator('[data-error-output]').textContent())?.trim().length).toBeGreaterThan(10);
    await saveScreenshot(page, 'asset-errored', true);

    await page.locator('#action-retry').click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByRole('heading').textContent()).toBe('Retry packaging?');
    await dialog.getByRole('button', { name: 'Retry' }).click();
    await page.waitForURL(`${server.url}/admin/assets/${badId}?notice=retried`);
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Retry queued');
    const retry = page.locator(`[data-live-id="timeline"] li[data-job-id="${badId}.r2"]`);
    await waitFor(async () => (await retry.getAttribute('data-job-state')) === 'failed', {
      timeoutMs: PACKAGING_TIMEOUT_MS,
      intervalMs: 250,
      what: 'the retry to fail like the first attempt',
    });
    await waitForAssetStatus(page, 'errored');

    await page.locator('#action-delete').click();
    await expect.poll(() => dialog.getByRole('heading').textContent()).toBe('Delete this asset?');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(page.url()).toBe(`${server.url}/admin/assets/${badId}?notice=retried`);
    await page.locator('#action-delete').click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(`${server.url}/admin/assets?notice=deleted`);
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Asset deleted');
    expect(await page.locator(`tr[data-asset-id="${badId}"]`).count()).toBe(0);
    const gone = await page.goto(`${server.url}/admin/assets/${badId}`);
    expect(gone?.status()).toBe(404);
  });

  it('shows the overview: assets by status, jobs, throughput, workers, failures, storage', async () => {
    await page.goto(`${server.url}/admin`);
    const stat = (name: string) => page.locator(`[data-stat="${name}"]`).textContent();
    expect(await stat('ready')).toBe('1');
    expect(await stat('total')).toBe('1');
    expect(await stat('storage')).toMatch(/^\d+(\.\d)? (KB|MB)$/);
    expect(Number(await stat('completed-hour'))).toBeGreaterThanOrEqual(1);
    expect(await page.locator('tr[data-queue="packaging"] [data-count="failed"]').textContent()).toBe('2');
    expect(await page.locator('[data-live-id="workers"] li').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('[data-live-id="failures"] li').count()).toBe(2);
  });

  it('opens bull-board inside the same session', async () => {
    await page.goto(`${server.url}/admin/queues/`);
    expect(new URL(page.url()).pathname).toBe('/admin/queues');
    await expect.poll(() => page.getByText('packaging').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await saveScreenshot(page, 'bull-board');
  });

  it('takes screenshots of a busy dashboard (for the README)', async () => {
    const cookie = (await browser.context.cookies(`${server.url}/admin`)).find(
      (c) => c.name === 'scalacast_admin',
    );
    await page.goto(`${server.url}/admin/assets`);
    const csrfToken = (await page.locator('meta[name="csrf-token"]').getAttribute('content')) ?? '';
    const session = { cookie: `scalacast_admin=${cookie?.value ?? ''}`, csrfToken };
    const junk = path.join(dataDir, 'webinar.mp4');
    await fs.writeFile(junk, randomBytes(32 * 1024));
    const uploads = [
      { title: 'Webinar recording (export failed)', file: junk },
      {
        title: 'Onboarding tour',
        file: await generateClip({ durationS: 6, width: 640, height: 360, fps: 30, audio: true }),
      },
      {
        title: 'Customer story: Nordhavn Bakery',
        file: await generateClip({ durationS: 20, width: 1280, height: 720, fps: 30, audio: true }),
      },
    ];
    const ids: string[] = [];
    for (const upload of uploads)
      ids.push(await uploadThroughDashboard(server.url, session, upload.file, upload.title));
    const state = (id: string) => page.locator(`tr[data-asset-id="${id}"]`).getAttribute('data-status');
    await waitFor(async () => (await state(ids[0] ?? '')) === 'errored', {
      timeoutMs: PACKAGING_TIMEOUT_MS,
      what: 'the broken upload to fail',
    });
    await saveScreenshot(page, 'assets');
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot(page, 'assets-phone');
    await page.setViewportSize({ width: 1280, height: 860 });
    await waitFor(async () => (await Promise.all(ids.slice(1).map(state))).every((s) => s === 'ready'), {
      timeoutMs: PACKAGING_TIMEOUT_MS,
      what: 'the uploads to be packaged',
    });
    await page.goto(`${server.url}/admin`);
    await saveScreenshot(page, 'overview');
  });
});
