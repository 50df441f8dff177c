/**
 * A real presentation for the checker's tests, without ports or processes: a lavfi clip packaged by the real
 * pipeline (ffprobe, ffmpeg) into the in-memory store and catalog, captions added through the publisher API
 * when asked, served by the real origin app, reached through a fetch that calls the app in process.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestApp } from '../../origin/testing/app-harness.js';
import { authHeaders } from '../../origin/testing/publisher-harness.js';
import type { PlaybackUrls } from '../../packager/conformance/check-presentation.js';
import { collectSnapshot } from '../../packager/conformance/collect.js';
import type { PresentationSnapshot } from '../../packager/conformance/snapshot.js';
import { packageAsset } from '../../packager/pipeline/package-asset.js';
import { createMemoryCatalog } from '../fakes/memory-catalog.js';
import { createMemoryObjectStore } from '../fakes/memory-object-store.js';
import { createMemoryPublisherStores } from '../fakes/memory-publisher-stores.js';
import { type ClipOptions, generateClip } from '../fixtures/generate-media.js';
import { realMediaDeps, silentLogger, uploadSource } from '../setup/in-memory-packaging.js';

export const ORIGIN_BASE = 'http://origin.test';

export interface PackagedPresentation {
  readonly assetId: string;
  readonly urls: PlaybackUrls;
  /** Reaches the origin app in process; any URL's path is routed, whatever its host. */
  readonly fetch: typeof fetch;
}

export interface PresentationOptions {
  /** Caption files (WebVTT or SRT) by language, PUT through the publisher API once the asset is ready. */
  readonly captions?: Readonly<Record<string, string>>;
}

export async function packagePresentation(
  clip: ClipOptions,
  options: PresentationOptions = {},
): Promise<PackagedPresentation> {
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
  const { app } = createTestApp({
    catalog,
    store,
    publisher: { stores: createMemoryPublisherStores(catalog) },
  });
  for (const [language, body] of Object.entries(options.captions ?? {})) {
    const response = await app.request(`${ORIGIN_BASE}/v1/assets/${assetId}/captions/${language}`, {
      method: 'PUT',
      headers: { ...authHeaders(), 'content-type': 'text/plain' },
      body,
    });
    if (response.status !== 201) throw new Error(`captions ${language}: HTTP ${response.status}`);
  }
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
