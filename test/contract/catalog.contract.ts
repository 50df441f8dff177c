import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPlayable, OPEN_PLAYBACK_POLICY, type AssetRecord } from '../../packager/domain/asset.js';
import type { Catalog, Clock } from '../../packager/ports.js';
import {
  START_MS,
  assetId,
  createManualClock,
  expectAppError,
  newAsset,
  presentation,
  type ManualClock,
} from './catalog-fixtures.js';
import { describeCatalogAdminReads } from './catalog-admin.contract.js';
import { describeCatalogLifecycle } from './catalog-lifecycle.contract.js';
import { describeCatalogPlaybackPolicy } from './catalog-playback-policy.contract.js';

/** Builds an empty, isolated catalog for one test. The suite closes it after the test. */
export type MakeCatalog = (clock: Clock) => Promise<Catalog>;

export function describeCatalogContract(name: string, make: MakeCatalog): void {
  describe(`Catalog contract: ${name}`, () => {
    let clock: ManualClock;
    let catalog: Catalog;

    beforeEach(async () => {
      clock = createManualClock(START_MS);
      catalog = await make(clock);
    });

    afterEach(async () => {
      await catalog.close();
    });

    /** Every asset in list order, following cursors; also checks each page's size. */
    async function listAll(limit: number, status?: AssetRecord['status']): Promise<AssetRecord[][]> {
      const pages: AssetRecord[][] = [];
      let cursor: string | undefined;
      do {
        const page = await catalog.listAssets({ limit, cursor, status });
        pages.push([...page.assets]);
        expect(page.assets.length).toBeLessThanOrEqual(limit);
        cursor = page.nextCursor ?? undefined;
        if (cursor !== undefined) expect(page.assets).toHaveLength(limit);
      } while (cursor !== undefined && pages.length < 50);
      return pages;
    }

    describe('createAsset and getAsset', () => {
      it('creates a queued asset and reads it back unchanged', async () => {
        const input = newAsset(assetId(), { sourceSizeBytes: 5_000_000_123, title: null });
        const created = await catalog.createAsset(input);
        expect(created).toEqual({
          id: input.id,
          title: null,
          status: 'queued',
          progress: 0,
          error: null,
          sourceKey: input.sourceKey,
          sourceSizeBytes: 5_000_000_123,
          durationMs: null,
          currentRevision: null,
          presentation: null,
          playbackPolicy: OPEN_PLAYBACK_POLICY,
          createdAtMs: START_MS,
          updatedAtMs: START_MS,
          externalId: null,
          passthrough: null,
        });
        expect(isPlayable(created)).toBe(false);
        expect(await catalog.getAsset(input.id)).toEqual(created);
      });

      it('answers null for an unknown id', async () => {
        expect(await catalog.getAsset(assetId())).toBeNull();
      });

      it('refuses a second asset with the same id', async () => {
        const input = newAsset();
        await catalog.createAsset(input);
        await expectAppError(catalog.createAsset(input), 'internal');
      });

      it('answers ping', async () => {
        await expect(catalog.ping()).resolves.toBeUndefined();
      });
    });

    describe('listAssets', () => {
      it('pages newest first by (created time, id) across ties, without gaps or repeats', async () => {
        // Three instants, several assets each; ids chosen so insertion order differs from id order.
        const created: AssetRecord[] = [];
        for (const tags of [['b', 'd', 'a'], ['c'], ['f', 'e', 'h', 'g']]) {
          for (const tag of tags) created.push(await catalog.createAsset(newAsset(assetId(tag))));
          clock.advance(1);
        }
        const expected = [...created]
          .sort((a, b) => b.createdAtMs - a.createdAtMs || (a.id < b.id ? 1 : -1))
          .map((asset) => asset.id);

        const pages = await listAll(3);
        expect(pages.map((page) => page.length)).toEqual([3, 3, 2]);
        expect(pages.flat().map((asset) => asset.id)).toEqual(expected);
        expect(expected.slice(0, 4)).toEqual(
          created
            .slice(4)
            .map((a) => a.id)
            .sort()
            .reverse(),
        );
      });

      it('ends with a null cursor when the last page is exactly full', async () => {
        for (let index = 0; index < 4; index += 1) await catalog.createAsset(newAsset());
        const first = await catalog.listAssets({ limit: 2 });
        expect(first.nextCursor).not.toBeNull();
        const second = await catalog.listAssets({ limit: 2, cursor: first.nextCursor ?? undefined });
        expect(second.assets).toHaveLength(2);
        expect(second.nextCursor).toBeNull();
        expect(await catalog.listAssets({ limit: 100 })).toMatchObject({ nextCursor: null });
      });

      it('keeps paging from where it was when newer assets arrive', async () => {
        const older = [];
        for (let index = 0; index < 4; index += 1) {
          older.push(await catalog.createAsset(newAsset()));
          clock.advance(5);
        }
        const first = await catalog.listAssets({ limit: 2 });
        await catalog.createAsset(newAsset());
        const second = await catalog.listAssets({ limit: 2, cursor: first.nextCursor ?? undefined });
        expect([...first.assets, ...second.assets].map((a) => a.id)).toEqual(
          older.map((a) => a.id).reverse(),
        );
      });

      it('filters by status, across pages', async () => {
        const ids = [];
        for (let index = 0; index < 5; index += 1) {
          const asset = await catalog.createAsset(newAsset());
          ids.push(asset.id);
          clock.advance(1);
        }
        const [a, b, c, d] = ids as [string, string, string, string, string];
        await catalog.markProcessing(a, 1);
        await catalog.markProcessing(c, 1);
        await catalog.markProcessing(d, 1);
        await catalog.commitRevision(d, 1, presentation());
        await catalog.markProcessing(b, 1);
        await catalog.markErrored(b, 1, { code: 'unsupported_media', message: 'No video stream.' });

        expect((await listAll(1, 'processing')).flat().map((x) => x.id)).toEqual([c, a]);
        expect((await listAll(10, 'ready')).flat().map((x) => x.id)).toEqual([d]);
        expect((await listAll(10, 'errored')).flat().map((x) => x.id)).toEqual([b]);
        expect((await listAll(10, 'queued')).flat()).toHaveLength(1);
        expect((await listAll(2)).flat()).toHaveLength(5);
      });

      it('answers an empty last page when nothing matches', async () => {
        expect(await catalog.listAssets({ limit: 10 })).toEqual({ assets: [], nextCursor: null });
      });

      it('refuses a malformed cursor and an out-of-range limit with invalid_request', async () => {
        const bad = [
          'not a cursor!',
          Buffer.from('garbage').toString('base64url'),
          Buffer.from(JSON.stringify({ t: 'yesterday', id: 'x' })).toString('base64url'),
          Buffer.from(JSON.stringify({ t: 1.5, id: 'x' })).toString('base64url'),
          Buffer.from(JSON.stringify([1, 'x'])).toString('base64url'),
        ];
        for (const cursor of bad)
          await expectAppError(catalog.listAssets({ limit: 10, cursor }), 'invalid_request');
        for (const limit of [0, 101, 2.5])
          await expectAppError(catalog.listAssets({ limit }), 'invalid_request');
      });
    });

    describe('deleteAsset', () => {
      it('hides the asset from every read and answers false the second time', async () => {
        const kept = await catalog.createAsset(newAsset());
        const gone = await catalog.createAsset(newAsset());
        expect(await catalog.deleteAsset(gone.id)).toBe(true);
        expect(await catalog.getAsset(gone.id)).toBeNull();
        expect((await catalog.listAssets({ limit: 10 })).assets.map((a) => a.id)).toEqual([kept.id]);
        expect((await catalog.listAssets({ limit: 10, status: 'queued' })).assets).toHaveLength(1);
        expect(await catalog.deleteAsset(gone.id)).toBe(false);
        expect(await catalog.deleteAsset(assetId())).toBe(false);
      });

      it('turns every later update of the asset into a no-op that answers false', async () => {
        const asset = await catalog.createAsset(newAsset());
        expect(await catalog.markProcessing(asset.id, 1)).toBe(true);
        expect(await catalog.deleteAsset(asset.id)).toBe(true);
        expect(await catalog.updateProgress(asset.id, 1, 50)).toBe(false);
        expect(await catalog.commitRevision(asset.id, 1, presentation())).toBe(false);
        expect(await catalog.markErrored(asset.id, 1, { code: 'internal', message: 'x' })).toBe(false);
        expect(await catalog.markProcessing(asset.id, 2)).toBe(false);
        expect(await catalog.getAsset(asset.id)).toBeNull();
      });

      it('answers false to updates of an unknown asset', async () => {
        const id = assetId();
        expect(await catalog.markProcessing(id, 1)).toBe(false);
        expect(await catalog.updateProgress(id, 1, 5)).toBe(false);
        expect(await catalog.commitRevision(id, 1, presentation())).toBe(false);
        expect(await catalog.markErrored(id, 1, { code: 'internal', message: 'x' })).toBe(false);
      });
    });

    describeCatalogLifecycle({ catalog: () => catalog, clock: () => clock });
    describeCatalogPlaybackPolicy({ catalog: () => catalog, clock: () => clock });
    describeCatalogAdminReads({ catalog: () => catalog, clock: () => clock });
  });
}
