import type { Presentation } from '../../manifests/model.js';
import type { AssetError, AssetRecord } from '../../packager/domain/asset.js';
import { AppError } from '../../packager/domain/errors.js';
import type { AssetPage, Catalog, Clock, ListAssetsQuery, NewAsset } from '../../packager/ports.js';
import { encodeAssetCursor } from '../../packager/catalog/asset-cursor.js';
import {
  assertRevision,
  parseListAssetsQuery,
  toProgressPercent,
} from '../../packager/catalog/catalog-input.js';

/**
 * A Catalog fake for unit tests with the same semantics as the Kysely catalog (the catalog contract suite
 * runs against both), including the revision guards described in packager/catalog/kysely-catalog.ts.
 */
export interface MemoryCatalogOptions {
  /** Defaults to the system clock. A manual clock makes created/updated times and list order predictable. */
  readonly clock?: Clock;
}

interface Row {
  record: AssetRecord;
  processingRevision: number | null;
  deletedAtMs: number | null;
}

const systemClock: Clock = { nowMs: () => Date.now() };

export function createMemoryCatalog(options: MemoryCatalogOptions = {}): Catalog {
  const clock = options.clock ?? systemClock;
  const rows = new Map<string, Row>();
  let closed = false;

  function assertOpen(): void {
    if (closed) throw new AppError('internal', 'The catalog is closed.');
  }

  function live(id: string): Row | null {
    assertOpen();
    const row = rows.get(id);
    return row && row.deletedAtMs === null ? row : null;
  }

  function update(row: Row, changes: Partial<AssetRecord>, processingRevision: number | null): void {
    row.record = Object.freeze({ ...row.record, ...changes, updatedAtMs: clock.nowMs() });
    row.processingRevision = processingRevision;
  }

  return {
    createAsset: (asset: NewAsset) =>
      settle(() => {
        assertOpen();
        if (rows.has(asset.id)) {
          throw new AppError('internal', 'An asset with this id already exists.', {
            details: { assetId: asset.id },
          });
        }
        const nowMs = clock.nowMs();
        const record: AssetRecord = Object.freeze({
          id: asset.id,
          title: asset.title,
          status: 'queued',
          progress: 0,
          error: null,
          sourceKey: asset.sourceKey,
          sourceSizeBytes: asset.sourceSizeBytes,
          durationMs: null,
          currentRevision: null,
          presentation: null,
          createdAtMs: nowMs,
          updatedAtMs: nowMs,
        });
        rows.set(asset.id, { record, processingRevision: null, deletedAtMs: null });
        return record;
      }),

    getAsset: (id: string) => settle(() => live(id)?.record ?? null),

    listAssets: (query: ListAssetsQuery) =>
      settle((): AssetPage => {
        assertOpen();
        const { limit, after, status } = parseListAssetsQuery(query);
        const matching = [...rows.values()]
          .filter((row) => row.deletedAtMs === null)
          .map((row) => row.record)
          .filter((record) => status === null || record.status === status)
          .filter((record) => after === null || compareNewestFirst(record, after) > 0)
          .sort(compareNewestFirst);
        const assets = matching.slice(0, limit);
        const last = assets[assets.length - 1];
        const nextCursor =
          matching.length > limit && last
            ? encodeAssetCursor({ createdAtMs: last.createdAtMs, id: last.id })
            : null;
        return { assets, nextCursor };
      }),

    markProcessing: (id: string, revision: number) =>
      settle(() => {
        assertRevision(revision);
        const row = live(id);
        if (!row) return false;
        const { currentRevision, status, progress } = row.record;
        if (currentRevision !== null && revision <= currentRevision) return false;
        if (row.processingRevision !== null && revision < row.processingRevision) return false;
        const sameAttempt = row.processingRevision === revision && status === 'processing';
        update(row, { status: 'processing', progress: sameAttempt ? progress : 0, error: null }, revision);
        return true;
      }),

    updateProgress: (id: string, revision: number, percent: number) =>
      settle(() => {
        assertRevision(revision);
        const row = live(id);
        if (!row || row.record.status !== 'processing' || row.processingRevision !== revision) {
          return false;
        }
        update(row, { progress: Math.max(row.record.progress, toProgressPercent(percent)) }, revision);
        return true;
      }),

    commitRevision: (id: string, revision: number, presentation: Presentation) =>
      settle(() => {
        assertRevision(revision);
        const row = live(id);
        const current = row?.record.currentRevision ?? null;
        const allowed =
          row !== null &&
          (row.processingRevision === revision ||
            (row.processingRevision === null && (current === null || revision >= current)));
        if (!row || !allowed) return false;
        const stored = JSON.parse(JSON.stringify(presentation)) as Presentation;
        update(
          row,
          {
            status: 'ready',
            progress: 100,
            error: null,
            currentRevision: revision,
            presentation: stored,
            durationMs: Math.round(presentation.durationMs),
          },
          null,
        );
        return true;
      }),

    markErrored: (id: string, revision: number, error: AssetError) =>
      settle(() => {
        assertRevision(revision);
        const row = live(id);
        const current = row?.record.currentRevision ?? null;
        const allowed =
          row !== null &&
          (row.processingRevision === revision ||
            (row.processingRevision === null && (current === null || revision > current)));
        if (!row || !allowed) return false;
        update(row, { status: 'errored', error: { code: error.code, message: error.message } }, revision);
        return true;
      }),

    deleteAsset: (id: string) =>
      settle(() => {
        const row = live(id);
        if (!row) return false;
        row.deletedAtMs = clock.nowMs();
        return true;
      }),

    ping: () => settle(assertOpen),

    close: () =>
      settle(() => {
        closed = true;
      }),
  };
}

/** Newest first by (createdAtMs, id): negative when `a` sorts before `b`. */
function compareNewestFirst(
  a: { readonly createdAtMs: number; readonly id: string },
  b: { readonly createdAtMs: number; readonly id: string },
): number {
  if (a.createdAtMs !== b.createdAtMs) return b.createdAtMs - a.createdAtMs;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Runs a synchronous body as a promise, so a throw becomes a rejection like in the real adapter. */
function settle<T>(body: () => T): Promise<T> {
  try {
    return Promise.resolve(body());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
