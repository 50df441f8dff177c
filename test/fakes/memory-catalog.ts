import type { Presentation } from '../../manifests/model.js';
import {
  ASSET_STATUSES,
  OPEN_PLAYBACK_POLICY,
  type AssetError,
  type AssetRecord,
  type AssetStatus,
  type PlaybackPolicy,
} from '../../packager/domain/asset.js';
import { presentationSizeBytes } from '../../packager/domain/presentation-size.js';
import { AppError } from '../../packager/domain/errors.js';
import type {
  AssetMetadataPatch,
  AssetMetadataStore,
  AssetPage,
  AssetSummary,
  Catalog,
  Clock,
  ListAssetsQuery,
  NewAsset,
} from '../../packager/ports.js';
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

/** Also the AssetMetadataStore of its assets (in the database they share a table). */
export function createMemoryCatalog(options: MemoryCatalogOptions = {}): Catalog & AssetMetadataStore {
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
          playbackPolicy: copyPolicy(asset.playbackPolicy ?? OPEN_PLAYBACK_POLICY),
          createdAtMs: nowMs,
          updatedAtMs: nowMs,
          externalId: asset.externalId ?? null,
          passthrough: cloneJson(asset.passthrough ?? null),
        });
        rows.set(asset.id, { record, processingRevision: null, deletedAtMs: null });
        return record;
      }),

    getAsset: (id: string) => settle(() => live(id)?.record ?? null),

    listAssets: (query: ListAssetsQuery) =>
      settle((): AssetPage => {
        assertOpen();
        const { limit, after, status, externalId, search } = parseListAssetsQuery(query);
        const matching = [...rows.values()]
          .filter((row) => row.deletedAtMs === null)
          .map((row) => row.record)
          .filter((record) => status === null || record.status === status)
          .filter((record) => externalId === null || record.externalId === externalId)
          .filter((record) => search === null || matchesSearch(record, search))
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
        const resumesPreview = currentRevision === revision && row.processingRevision === revision;
        if (currentRevision !== null && revision <= currentRevision && !resumesPreview) return false;
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

    commitPreview: (id: string, revision: number, presentation: Presentation) =>
      settle(() => {
        assertRevision(revision);
        const row = live(id);
        if (!row || row.record.status !== 'processing' || row.processingRevision !== revision) return false;
        const current = row.record.currentRevision;
        if (current !== null && current !== revision) return false;
        const stored = JSON.parse(JSON.stringify(presentation)) as Presentation;
        update(
          row,
          {
            currentRevision: revision,
            presentation: stored,
            durationMs: Math.round(presentation.durationMs),
          },
          revision,
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
        const stored: AssetError = {
          code: error.code,
          message: error.message,
          ...(error.output === undefined ? {} : { output: error.output }),
        };
        update(row, { status: 'errored', error: stored }, revision);
        return true;
      }),

    deleteAsset: (id: string) =>
      settle(() => {
        const row = live(id);
        if (!row) return false;
        row.deletedAtMs = clock.nowMs();
        return true;
      }),

    setPlaybackPolicy: (id: string, policy: PlaybackPolicy) =>
      settle(() => {
        const row = live(id);
        if (!row) return false;
        update(row, { playbackPolicy: copyPolicy(policy) }, row.processingRevision);
        return true;
      }),

    updateAssetMetadata: (id: string, patch: AssetMetadataPatch) =>
      settle(() => {
        const row = live(id);
        if (!row) return null;
        const changes: { -readonly [K in keyof AssetRecord]?: AssetRecord[K] } = {};
        if (patch.title !== undefined) changes.title = patch.title;
        if (patch.externalId !== undefined) changes.externalId = patch.externalId;
        if (patch.passthrough !== undefined) changes.passthrough = cloneJson(patch.passthrough);
        update(row, changes, row.processingRevision);
        return row.record;
      }),

    summarizeAssets: () =>
      settle((): AssetSummary => {
        assertOpen();
        const byStatus = Object.fromEntries(ASSET_STATUSES.map((status) => [status, 0])) as Record<
          AssetStatus,
          number
        >;
        let sourceSizeBytes = 0;
        let packagedSizeBytes = 0;
        for (const row of rows.values()) {
          if (row.deletedAtMs !== null) continue;
          byStatus[row.record.status] += 1;
          sourceSizeBytes += row.record.sourceSizeBytes;
          if (row.record.presentation) packagedSizeBytes += presentationSizeBytes(row.record.presentation);
        }
        return { byStatus, sourceSizeBytes, packagedSizeBytes };
      }),

    getLatestRevision: (id: string) =>
      settle(() => {
        const row = live(id);
        return row ? (row.processingRevision ?? row.record.currentRevision) : null;
      }),

    ping: () => settle(assertOpen),

    close: () =>
      settle(() => {
        closed = true;
      }),
  };
}

/** Like the database's `title ilike '%search%' or id = search` (ASCII case folding is all tests need). */
function matchesSearch(record: AssetRecord, search: string): boolean {
  return record.id === search || (record.title ?? '').toLowerCase().includes(search.toLowerCase());
}

/** A stored policy never shares arrays with the caller, like a database round trip. */
function copyPolicy(policy: PlaybackPolicy): PlaybackPolicy {
  return Object.freeze({ signed: policy.signed, allowedOrigins: Object.freeze([...policy.allowedOrigins]) });
}

/** A stored JSON value never shares objects with the caller, like a database round trip. */
function cloneJson<T>(value: T): T {
  return value === null || value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
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
