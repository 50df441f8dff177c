/**
 * Browser-side helpers for the dashboard tests: watching a live region without reloading, reading the
 * embedded player, uploading through the form. Everything waits by polling with a deadline.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { waitFor } from '../setup/wait-for.js';

/** Long enough for a loaded two-core machine to package a short clip. */
export const PACKAGING_TIMEOUT_MS = 480_000;

export const OUTPUT_DIR = path.resolve('test-output/admin');

export interface LiveSample {
  readonly status: string | null;
  readonly progress: number | null;
}

declare global {
  interface Window {
    __adminNoReload?: boolean;
    __adminSamples?: LiveSample[];
  }
}

/**
 * Marks the document (a reload would lose the mark) and records the asset summary's status and progress
 * each time the live region changes it.
 */
export async function watchAssetSummary(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__adminNoReload = true;
    const samples: LiveSample[] = [];
    window.__adminSamples = samples;
    const sample = () => {
      const summary = document.querySelector('[data-live-id="summary"]');
      const bar = summary?.querySelector('progress');
      samples.push({
        status: summary?.getAttribute('data-status') ?? null,
        progress: bar ? Number(bar.getAttribute('data-progress')) : null,
      });
    };
    sample();
    const root = document.querySelector('[data-live-src]');
    if (root) new MutationObserver(sample).observe(root, { childList: true, subtree: true });
  });
}

export async function liveSamples(page: Page): Promise<{ samples: LiveSample[]; reloaded: boolean }> {
  return page.evaluate(() => ({
    samples: window.__adminSamples ?? [],
    reloaded: window.__adminNoReload !== true,
  }));
}

/** Waits until the asset page's live summary shows `status` (the page itself is never reloaded). */
export async function waitForAssetStatus(
  page: Page,
  status: string,
  timeoutMs = PACKAGING_TIMEOUT_MS,
): Promise<void> {
  await waitFor(
    async () => (await page.locator('[data-live-id="summary"]').getAttribute('data-status')) === status,
    { timeoutMs, intervalMs: 250, what: `the asset page to show ${status}` },
  );
}

/** Uploads through the dashboard's form and waits for the new asset's page; returns its id. */
export async function uploadFromDashboard(
  page: Page,
  baseUrl: string,
  filePath: string,
  title: string,
): Promise<string> {
  await page.goto(`${baseUrl}/admin/assets`);
  const form = page.locator('form[data-upload]');
  await form.waitFor({ state: 'visible' });
  await page.getByLabel(/Video file/).setInputFiles(filePath);
  await page.getByLabel('Title (optional)').fill(title);
  await form.getByRole('button', { name: 'Upload' }).click();
  await page.waitForURL(/\/admin\/assets\/[A-Za-z0-9]{20}\?notice=uploaded$/, { timeout: 180_000 });
  const id = /\/admin\/assets\/([A-Za-z0-9]{20})/.exec(page.url())?.[1];
  if (!id) throw new Error(`no asset id in ${page.url()}`);
  return id;
}

/** The embedded player's frame, once its page has loaded. */
export async function playerFrame(page: Page): Promise<Frame> {
  await page.locator('iframe.player-frame').scrollIntoViewIfNeeded();
  let frame: Frame | undefined;
  await waitFor(
    () => {
      frame = page
        .frames()
        .find((candidate) => /\/play\/[^/]+\/player$/.test(new URL(candidate.url(), 'http://x').pathname));
      return frame !== undefined;
    },
    { timeoutMs: 60_000, what: 'the player frame' },
  );
  return frame as Frame;
}

export async function videoTime(frame: Frame): Promise<number> {
  return frame.evaluate(() => document.querySelector('video')?.currentTime ?? 0);
}

/** Waits until the video has played past `seconds` (and is not stuck before it). */
export async function waitForPlayback(frame: Frame, seconds: number): Promise<void> {
  await waitFor(async () => (await videoTime(frame)) > seconds, {
    timeoutMs: 120_000,
    intervalMs: 200,
    what: `the video to play past ${seconds} s`,
  });
}

export async function saveScreenshot(page: Page, name: string, fullPage = false): Promise<string> {
  await fs.mkdir(OUTPUT_DIR, { recursive: true });
  const file = path.join(OUTPUT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}
