/**
 * The two-stage pipeline (preview then per-title ladder, with images) over the real-world samples of
 * ../shared/media: every sample ends ready with its preview's renditions kept in the final presentation,
 * or, for the damaged file, errored with a reason. Skipped when the samples folder is absent.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFfmpegImageRenderer } from '../../packager/images/ffmpeg-image-renderer.js';
import { packageAsset } from '../../packager/pipeline/package-asset.js';
import { createMemoryCatalog } from '../fakes/memory-catalog.js';
import { createMemoryObjectStore } from '../fakes/memory-object-store.js';
import { realMediaDeps, silentLogger, uploadSource } from '../setup/in-memory-packaging.js';

const MEDIA_DIR = fileURLToPath(new URL('../../../shared/media/', import.meta.url));
// The ones whose shape matters to planning (rotation and odd sizes for the probe and the rung split,
// audio only, a non-MP4 container); test/integration/ffmpeg-samples.test.ts runs the transcoder over all.
const SAMPLES = [
  'sample_rotate_and_reflect.mp4',
  'bbb_642x642_768kbps_30fps_vp9.webm',
  'sample_audio_only.mp4',
  'sample.avi',
  'sample_simple.mp4',
];

let tmpDir: string;
beforeAll(async () => {
  tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-real-world-'));
});
afterAll(async () => {
  await fs.rm(tmpDir, { recursive: true, force: true });
});

async function packageSample(file: string) {
  const store = createMemoryObjectStore();
  const catalog = createMemoryCatalog();
  const assetId = 'RealWorldSample00001';
  const job = await uploadSource({ store, catalog }, assetId, path.join(MEDIA_DIR, file));
  const outcome = await packageAsset(
    job,
    realMediaDeps(
      { store, catalog, tmpDir },
      { images: createFfmpegImageRenderer({ ffmpegPath: 'ffmpeg' }) },
    ),
    { signal: new AbortController().signal, logger: silentLogger, isFinalAttempt: true },
  );
  return { outcome, asset: await catalog.getAsset(assetId) };
}

describe.skipIf(!existsSync(MEDIA_DIR))('two-stage packaging of real-world samples', () => {
  for (const file of SAMPLES) {
    it(`packages ${file}`, async () => {
      const { outcome, asset } = await packageSample(file);
      expect(outcome.status, JSON.stringify(asset?.error)).toBe('ready');
      expect(asset?.presentation?.video.length ?? 0).toBeGreaterThanOrEqual(
        file === 'sample_audio_only.mp4' ? 0 : 1,
      );
      expect(asset?.presentation?.audio.length ?? 0).toBeLessThanOrEqual(1);
    }, 300_000);
  }

  it('refuses the damaged MP4 once, with a reason', async () => {
    const { outcome, asset } = await packageSample('sample_malformed_free_box.mp4');
    expect(outcome.status).toBe('errored');
    expect(asset?.error?.code).toMatch(/^(source_unreadable|unsupported_media|no_media_streams)$/);
    expect(await fs.readdir(tmpDir)).toEqual([]);
  });
});
