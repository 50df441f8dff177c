/**
 * A real presentation for the checker's tests, without ports or processes: a lavfi clip packaged by the real
 * pipeline (ffprobe, ffmpeg) into the in-memory store and catalog, served by the real origin app, reached
 * through a fetch that calls the app in process.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestApp } from '../../origin/testing/app-harness.js';
import type { PlaybackUrls } from '../../packager/conformance/check-presentation.js';
import { collectSnapshot } from '../../packager/conformance/collect.js';
import type { PresentationSnapshot } from '../../packager/conformance/snapshot.js';
import { packageAsset } from '../../packager/pipeline/package-asset.js';
import { createMemoryCatalog } from '../fakes/memory-catalog.js';
import { createMemoryObjectStore } from '../fakes/memory-object-store.js';
import { type ClipOptions, generateClip } from '../fixtures/generate-media.js';
import { realMediaDeps, silentLogger, uploadSource } from '../setup/in-memory-packaging.js';

export const ORIGIN_BASE = 'http://origin.test';

export interface PackagedPresentation {
  readonly assetId: string;
  readonly urls: PlaybackUrls;
  /** Reaches the origin app in process; any URL's path is routed, whatever its host. */
  readonly fetch: typeof fetch;
}

export async function packagePresentation(clip: ClipOptions): Promise<PackagedPresentation> {
  const assetId = 'ConformanceAsset0001';
  const store = createMemoryObjectStore();
  const catalog = createMemoryCatalog();
  const job = await uploadSource({ store, catalog }, assetId, await generateClip(clip));
  const tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-conformance-'));
  try {
    const outcome = await packageAsset(
      job,
      realMediaDeps({ store, catalog, tmpDir }, { x264Preset: 'veryfast' }),
      { signal: new AbortController().signal, logger: silentLogger, isFinalAttempt: true },
    );
    if (outcome.status !== 'ready') throw new Error(`packaging ended ${outcome.status}`);
  } finally {
    await fs.rm(tmpDir, { recursive: true, force: true });
  }
  const { app } = createTestApp({ catalog, store });
  const inProcessFetch = (async (input: RequestInfo | URL, init?: RequestInit) =>
    app.request(input instanceof Request ? input : String(input), init)) as typeof fetch;
  return {
    assetId,
    urls: {
      hls: `${ORIGIN_BASE}/play/${assetId}/master.m3u8`,
      dash: `${ORIGIN_BASE}/play/${assetId}/manifest.mpd`,
    },
    fetch: inProcessFetch,
  };
}

/** The snapshot of a packaged presentation, as checkPresentation would collect it. */
export async function snapshotOf(presentation: PackagedPresentation): Promise<PresentationSnapshot> {
  return collectSnapshot(presentation.urls, { fetch: presentation.fetch });
}
