/**
 * Debian's Chromium, headless, driven by playwright-core (never a downloaded browser), with a fresh profile
 * per launch that is removed on close. Flags from ENVIRONMENT.md: no sandbox and no GPU in containers, no QUIC
 * or background traffic to disturb network measurements, autoplay without a gesture so players start alone.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
] as const;

export interface TestBrowser {
  /** One context on the fresh profile; open a page per player run. */
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(
  options: { viewport?: { width: number; height: number } } = {},
): Promise<TestBrowser> {
  const userDataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: options.viewport ?? { width: 640, height: 400 },
    });
    return {
      context,
      close: async () => {
        await context.close();
        await fs.rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await fs.rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
