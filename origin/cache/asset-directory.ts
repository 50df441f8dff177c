/**
 * The catalog as the delivery path reads it: asset records (current revision, presentation, playback
 * policy) kept in this process, so a segment or manifest request costs no database query. A record is
 * answered for `ttlMs` after its lookup, and never longer while the catalog answers: a change (commit,
 * delete, policy) reaches every instance within `ttlMs` plus one lookup, and HLS and DASH, rendered from the
 * same record, can disagree only within that window. A record past half its ttl is refreshed by one
 * background lookup, so an asset that is being played keeps a fresh record and its requests never wait for
 * the database; the first request after a quiet spell waits for one lookup (`peek` then answers undefined).
 * Lookups of one asset are coalesced and have a deadline; unknown ids are remembered too (a flood of bad ids
 * does not reach the database). While the catalog fails or hangs, a record up to `staleIfErrorMs` old keeps
 * answering (after one failed lookup, at once, while one lookup at a time retries): playback of known assets
 * survives a database outage.
 */
import { LRUCache } from 'lru-cache';
import type { AssetRecord } from '../../packager/domain/asset.js';
import type { Catalog, Clock } from '../../packager/ports.js';
import { createSingleFlight } from './single-flight.js';
import { withDeadline } from './with-deadline.js';

export interface AssetDirectoryOptions {
  readonly catalog: Catalog;
  readonly clock: Clock;
  /** How long a record is fresh; 0 asks the catalog on every request (still coalesced). */
  readonly ttlMs: number;
  /** How long a record may stand in for a catalog that fails or is slow. Default 60 s. */
  readonly staleIfErrorMs?: number;
  readonly maxEntries?: number;
  /** Deadline of one catalog lookup. Default 5 s. */
  readonly lookupTimeoutMs?: number;
}

export interface AssetDirectory {
  /** The record known now (refreshed in the background when old): a record, null (no such asset), or undefined (ask `get`). */
  peek(assetId: string): AssetRecord | null | undefined;
  /** The record (null: no such asset or deleted). Throws the catalog's error when it has nothing to fall back on. */
  get(assetId: string): Promise<AssetRecord | null>;
  /** Drops what this process knows about the asset (after changing it here). */
  forget(assetId: string): void;
}

interface Entry {
  readonly record: AssetRecord | null;
  readonly fetchedAtMs: number;
  /** The latest lookup failed: the catalog is down or slow, so the record stands in for it. */
  readonly lookupFailed: boolean;
}

export function createAssetDirectory(options: AssetDirectoryOptions): AssetDirectory {
  const { catalog, clock, ttlMs } = options;
  const staleIfErrorMs = Math.max(ttlMs, options.staleIfErrorMs ?? 60_000);
  const entries = new LRUCache<string, Entry>({ max: options.maxEntries ?? 10_000 });
  const lookups = createSingleFlight<AssetRecord | null>();

  const lookup = (assetId: string): Promise<AssetRecord | null> =>
    lookups.run(assetId, async () => {
      try {
        const record = await withDeadline(
          catalog.getAsset(assetId),
          options.lookupTimeoutMs ?? 5000,
          'The catalog did not answer in time; try again shortly.',
        );
        entries.set(assetId, { record, fetchedAtMs: clock.nowMs(), lookupFailed: false });
        return record;
      } catch (error) {
        const known = entries.get(assetId);
        if (known && !known.lookupFailed) entries.set(assetId, { ...known, lookupFailed: true });
        throw error;
      }
    });
  // A failed background lookup keeps the old record (the next request tries again): nothing to report here.
  const refresh = (assetId: string): void => {
    lookup(assetId).catch(() => undefined);
  };

  /** The entry if it may answer without waiting for the catalog; refreshes it in the background when due. */
  const usable = (assetId: string): Entry | undefined => {
    const entry = entries.get(assetId);
    if (entry === undefined || ttlMs === 0) return undefined;
    const ageMs = clock.nowMs() - entry.fetchedAtMs;
    if (ageMs < ttlMs) {
      if (ageMs >= ttlMs / 2) refresh(assetId);
      return entry;
    }
    // Past its ttl a record answers only for a catalog that just failed (stale-if-error), never while the
    // catalog may have a newer one: that request waits for the lookup instead.
    if (!entry.lookupFailed || ageMs >= staleIfErrorMs) return undefined;
    refresh(assetId);
    return entry;
  };

  return {
    peek: (assetId) => usable(assetId)?.record,
    async get(assetId) {
      const entry = usable(assetId);
      if (entry) return entry.record;
      try {
        return await lookup(assetId);
      } catch (error) {
        const known = entries.get(assetId);
        if (known && clock.nowMs() - known.fetchedAtMs < staleIfErrorMs) return known.record;
        throw error;
      }
    },
    forget(assetId) {
      entries.delete(assetId);
    },
  };
}
