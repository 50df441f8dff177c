import { describe, expect, it } from 'vitest';
import { isPlayable } from '../../packager/domain/asset.js';
import { START_MS, newAsset, presentation, type CatalogHarness } from './catalog-fixtures.js';

/** The packaging side of the Catalog contract: processing, progress, commit, errors, re-packaging. */
export function describeCatalogLifecycle(harness: CatalogHarness): void {
  describe('packaging lifecycle', () => {
    it('moves queued -> processing -> ready with the committed presentation', async () => {
      const asset = await harness.catalog().createAsset(newAsset());
      harness.clock().advance(1000);
      expect(await harness.catalog().markProcessing(asset.id, 1)).toBe(true);
      expect(await harness.catalog().getAsset(asset.id)).toMatchObject({
        status: 'processing',
        progress: 0,
        currentRevision: null,
        updatedAtMs: START_MS + 1000,
        createdAtMs: START_MS,
      });
      harness.clock().advance(1000);
      const described = presentation(12_345.6);
      expect(await harness.catalog().commitRevision(asset.id, 1, described)).toBe(true);
      const ready = await harness.catalog().getAsset(asset.id);
      expect(ready).toMatchObject({
        status: 'ready',
        progress: 100,
        error: null,
        currentRevision: 1,
        durationMs: 12_346,
        updatedAtMs: START_MS + 2000,
      });
      expect(ready?.presentation).toEqual(described);
      expect(ready && isPlayable(ready)).toBe(true);
    });

    it('keeps progress monotonic, whole and within 0..100, for the revision being packaged only', async () => {
      const asset = await harness.catalog().createAsset(newAsset());
      expect(await harness.catalog().updateProgress(asset.id, 1, 10)).toBe(false); // still queued
      await harness.catalog().markProcessing(asset.id, 1);
      const progress = async () => (await harness.catalog().getAsset(asset.id))?.progress;
      expect(await harness.catalog().updateProgress(asset.id, 1, 10.9)).toBe(true);
      expect(await progress()).toBe(10);
      await harness.catalog().updateProgress(asset.id, 1, 50);
      expect(await harness.catalog().updateProgress(asset.id, 1, 30)).toBe(true);
      expect(await progress()).toBe(50);
      await harness.catalog().updateProgress(asset.id, 1, -5);
      await harness.catalog().updateProgress(asset.id, 1, Number.NaN);
      expect(await progress()).toBe(50);
      expect(await harness.catalog().updateProgress(asset.id, 2, 90)).toBe(false);
      expect(await progress()).toBe(50);
      await harness.catalog().updateProgress(asset.id, 1, 250);
      expect(await progress()).toBe(100);
    });

    it('keeps the progress users saw when the same revision is retried', async () => {
      const asset = await harness.catalog().createAsset(newAsset());
      await harness.catalog().markProcessing(asset.id, 1);
      await harness.catalog().updateProgress(asset.id, 1, 40);
      expect(await harness.catalog().markProcessing(asset.id, 1)).toBe(true);
      expect(await harness.catalog().getAsset(asset.id)).toMatchObject({
        status: 'processing',
        progress: 40,
      });
      expect(await harness.catalog().markProcessing(asset.id, 2)).toBe(true);
      expect(await harness.catalog().getAsset(asset.id)).toMatchObject({ status: 'processing', progress: 0 });
      expect(await harness.catalog().markProcessing(asset.id, 1)).toBe(false); // superseded
    });

    it('commits only the revision being packaged', async () => {
      const asset = await harness.catalog().createAsset(newAsset());
      await harness.catalog().markProcessing(asset.id, 2);
      expect(await harness.catalog().commitRevision(asset.id, 1, presentation())).toBe(false);
      expect(await harness.catalog().commitRevision(asset.id, 3, presentation())).toBe(false);
      expect(await harness.catalog().getAsset(asset.id)).toMatchObject({
        status: 'processing',
        currentRevision: null,
      });
      expect(await harness.catalog().commitRevision(asset.id, 2, presentation())).toBe(true);
      expect(await harness.catalog().getAsset(asset.id)).toMatchObject({
        status: 'ready',
        currentRevision: 2,
      });
    });

    it('commits idempotently, and never goes back to an older revision', async () => {
      const asset = await harness.catalog().createAsset(newAsset());
      expect(await harness.catalog().commitRevision(asset.id, 2, presentation(4000))).toBe(true); // no attempt recorded
      expect(await harness.catalog().commitRevision(asset.id, 2, presentation(4000))).toBe(true);
      expect(await harness.catalog().commitRevision(asset.id, 1, presentation(1000))).toBe(false);
      expect(await harness.catalog().markProcessing(asset.id, 2)).toBe(false); // already committed
      expect(await harness.catalog().markErrored(asset.id, 2, { code: 'internal', message: 'late' })).toBe(
        false,
      );
      expect(await harness.catalog().getAsset(asset.id)).toMatchObject({
        status: 'ready',
        currentRevision: 2,
        durationMs: 4000,
      });
    });

    it('re-packages a ready asset while its committed revision stays playable', async () => {
      const asset = await harness.catalog().createAsset(newAsset());
      await harness.catalog().markProcessing(asset.id, 1);
      await harness.catalog().commitRevision(asset.id, 1, presentation(1000));
      expect(await harness.catalog().markProcessing(asset.id, 2)).toBe(true);
      const repackaging = await harness.catalog().getAsset(asset.id);
      expect(repackaging).toMatchObject({
        status: 'processing',
        progress: 0,
        currentRevision: 1,
        durationMs: 1000,
      });
      expect(repackaging && isPlayable(repackaging)).toBe(true);
      await harness.catalog().updateProgress(asset.id, 2, 60);
      expect(await harness.catalog().commitRevision(asset.id, 2, presentation(2000))).toBe(true);
      const ready = await harness.catalog().getAsset(asset.id);
      expect(ready).toMatchObject({ status: 'ready', progress: 100, currentRevision: 2, durationMs: 2000 });
      expect(ready?.presentation?.durationMs).toBe(2000);
    });

    it('marks the revision being packaged errored and keeps the message', async () => {
      const asset = await harness.catalog().createAsset(newAsset());
      await harness.catalog().markProcessing(asset.id, 1);
      await harness.catalog().updateProgress(asset.id, 1, 20);
      const reason = {
        code: 'unsupported_media',
        message: 'The file has no video stream; upload a video.',
      };
      expect(await harness.catalog().markErrored(asset.id, 2, reason)).toBe(false);
      expect(await harness.catalog().markErrored(asset.id, 1, reason)).toBe(true);
      const errored = await harness.catalog().getAsset(asset.id);
      expect(errored).toMatchObject({
        status: 'errored',
        error: reason,
        progress: 20,
        currentRevision: null,
      });
      expect(errored && isPlayable(errored)).toBe(false);
      expect(await harness.catalog().updateProgress(asset.id, 1, 90)).toBe(false);
      expect((await harness.catalog().listAssets({ limit: 5, status: 'errored' })).assets[0]?.error).toEqual(
        reason,
      );

      // A new attempt clears the error; its success clears it for good.
      expect(await harness.catalog().markProcessing(asset.id, 1)).toBe(true);
      expect(await harness.catalog().getAsset(asset.id)).toMatchObject({
        status: 'processing',
        error: null,
        progress: 0,
      });
      expect(await harness.catalog().commitRevision(asset.id, 1, presentation())).toBe(true);
      expect(await harness.catalog().getAsset(asset.id)).toMatchObject({ status: 'ready', error: null });
    });

    it('keeps the committed revision playable when a re-package fails', async () => {
      const asset = await harness.catalog().createAsset(newAsset());
      await harness.catalog().commitRevision(asset.id, 1, presentation());
      await harness.catalog().markProcessing(asset.id, 2);
      const reason = { code: 'transcode_failed', message: 'The encoder stopped.' };
      expect(await harness.catalog().markErrored(asset.id, 2, reason)).toBe(true);
      const errored = await harness.catalog().getAsset(asset.id);
      expect(errored).toMatchObject({ status: 'errored', error: reason, currentRevision: 1 });
      expect(errored && isPlayable(errored)).toBe(true);
      expect(await harness.catalog().commitRevision(asset.id, 1, presentation())).toBe(false);
    });
  });
}
