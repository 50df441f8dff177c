import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../test/fakes/memory-catalog.js';
import { AppError } from '../../packager/domain/errors.js';
import type { Catalog } from '../../packager/ports.js';
import { waitFor } from '../../test/setup/wait-for.js';
import { createAssetDirectory } from './asset-directory.js';

const ID = 'asset000000000000001';
let nowMs: number;
let catalog: Catalog;
let reads: number;
let failing: boolean;

beforeEach(async () => {
  nowMs = 1_000_000;
  reads = 0;
  failing = false;
  const memory = createMemoryCatalog();
  await memory.createAsset({ id: ID, title: 'first', sourceKey: 's', sourceSizeBytes: 1 });
  catalog = {
    ...memory,
    getAsset: (id) => {
      reads += 1;
      return failing ? Promise.reject(new AppError('upstream_unavailable', 'db down')) : memory.getAsset(id);
    },
  };
});

const directory = (ttlMs = 1000) =>
  createAssetDirectory({ catalog, clock: { nowMs: () => nowMs }, ttlMs, staleIfErrorMs: 60_000 });

describe('createAssetDirectory', () => {
  it('asks the catalog once per asset while its record is fresh, coalescing concurrent lookups', async () => {
    const assets = directory();
    expect(assets.peek(ID)).toBeUndefined();
    const records = await Promise.all(Array.from({ length: 20 }, () => assets.get(ID)));
    expect(records.every((record) => record?.title === 'first')).toBe(true);
    expect(assets.peek(ID)?.title).toBe('first');
    await assets.get(ID);
    expect(reads).toBe(1);
  });

  it('refreshes a record past half its ttl in the background, answering it meanwhile', async () => {
    const assets = directory();
    await assets.get(ID);
    await catalog.deleteAsset(ID);
    nowMs += 600;
    expect(assets.peek(ID)?.title).toBe('first'); // still fresh, and a refresh starts
    expect((await assets.get(ID))?.title).toBe('first');
    await waitFor(() => assets.peek(ID) === null, { what: 'the refresh to land' });
    expect(reads).toBe(2);
  });

  it('never answers a record past its ttl while the catalog answers: the request waits for the lookup', async () => {
    const assets = directory();
    await assets.get(ID);
    await catalog.deleteAsset(ID);
    nowMs += 30_000; // a quiet spell: no request refreshed the record
    expect(assets.peek(ID)).toBeUndefined();
    expect(await assets.get(ID)).toBeNull();
    expect(assets.peek(ID)).toBeNull();
    expect(reads).toBe(2);
  });

  it('remembers unknown ids for the same time', async () => {
    const assets = directory();
    expect(await assets.get('asset000000000000404')).toBeNull();
    expect(assets.peek('asset000000000000404')).toBeNull();
    await assets.get('asset000000000000404');
    expect(reads).toBe(1);
  });

  it('falls back on its last record while the catalog fails, and throws when it has none', async () => {
    const assets = directory();
    await assets.get(ID);
    failing = true;
    nowMs += 30_000;
    expect(assets.peek(ID)).toBeUndefined(); // the catalog may have a newer record: ask it first
    expect((await assets.get(ID))?.title).toBe('first');
    // It failed: the record answers at once now, while one lookup at a time retries.
    expect(assets.peek(ID)?.title).toBe('first');
    await waitFor(() => reads === 3, { what: 'the retry' });
    nowMs += 31_000;
    await expect(assets.get(ID)).rejects.toMatchObject({ code: 'upstream_unavailable' });
    await expect(assets.get('asset000000000000002')).rejects.toMatchObject({ code: 'upstream_unavailable' });
  });

  it('does not wait on a hung catalog: past the deadline the last record answers, or upstream_timeout', async () => {
    const assets = createAssetDirectory({
      catalog,
      clock: { nowMs: () => nowMs },
      ttlMs: 1000,
      lookupTimeoutMs: 50,
    });
    await assets.get(ID);
    catalog.getAsset = () => new Promise(() => undefined);
    nowMs += 5000;
    expect((await assets.get(ID))?.title).toBe('first');
    await expect(assets.get('asset000000000000003')).rejects.toMatchObject({ code: 'upstream_timeout' });
  });

  it('with ttl 0 asks every time, and forget() drops a fresh record', async () => {
    const uncached = directory(0);
    await uncached.get(ID);
    await uncached.get(ID);
    expect(reads).toBe(2);
    const assets = directory();
    await assets.get(ID);
    assets.forget(ID);
    expect(assets.peek(ID)).toBeUndefined();
  });
});
