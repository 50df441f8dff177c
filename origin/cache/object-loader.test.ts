import { Registry } from 'prom-client';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import { waitFor } from '../../test/setup/wait-for.js';
import { createMemorySegmentCache } from '../../packager/cache/memory-segment-cache.js';
import { AppError } from '../../packager/domain/errors.js';
import type { CachedObject, ObjectStore, SegmentCache } from '../../packager/ports.js';
import { createRecordingLogger } from '../testing/app-harness.js';
import { createOriginMetrics } from '../http/metrics.js';
import { createCircuitBreaker } from './circuit-breaker.js';
import { createGuardedStore } from './guarded-store.js';
import { createObjectLoader } from './object-loader.js';

const KEY = 'assets/asset000000000000001/r1/360p/1.m4s';
const BIG = 'assets/asset000000000000001/r1/360p/2.m4s';
const BYTES = Buffer.from(Array.from({ length: 4000 }, (_, i) => i % 256));

/** A store whose reads wait until `open()`: lets a test pile requests up on one cold object. */
function gatedStore(inner: ObjectStore) {
  let opened = false;
  let waiting: (() => void)[] = [];
  const gets: string[] = [];
  const store: ObjectStore = {
    ...inner,
    async get(key, range) {
      gets.push(key);
      if (!opened) await new Promise<void>((resolve) => waiting.push(resolve));
      return inner.get(key, range);
    },
  };
  return {
    store,
    gets,
    open: () => {
      opened = true;
      waiting.forEach((resolve) => resolve());
      waiting = [];
    },
  };
}

let inner: ObjectStore;
beforeEach(async () => {
  inner = createMemoryObjectStore();
  await inner.put(KEY, BYTES, { contentType: 'video/mp4' });
  await inner.put(BIG, Buffer.alloc(100_000, 1), { contentType: 'video/mp4' });
});

function loader(store: ObjectStore, shared: SegmentCache | null, registry = new Registry()) {
  const metrics = createOriginMetrics(registry);
  const breaker = createCircuitBreaker({
    failureThreshold: 5,
    cooldownMs: 1000,
    clock: { nowMs: () => Date.now() },
  });
  const memory = createMemorySegmentCache<CachedObject>({ maxBytes: 1024 * 1024, maxObjectBytes: 10_000 });
  const objects = createObjectLoader<CachedObject>({
    memory,
    shared,
    store: createGuardedStore({ store, breaker, timeoutMs: 5000, metrics }),
    prepare: (_key, object) => object,
    maxCachedObjectBytes: 10_000,
    leaseTtlMs: 5000,
    readTimeoutMs: 5000,
    metrics,
    logger: createRecordingLogger(),
  });
  return { objects, memory, registry };
}

async function counter(registry: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as { labels: Record<string, unknown>; value: number }[];
  return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value ?? 0;
}

describe('createObjectLoader', () => {
  it('turns 200 concurrent requests for a cold object into one storage read, then serves from memory', async () => {
    const gate = gatedStore(inner);
    const { objects, memory, registry } = loader(gate.store, null);
    const pending = Array.from({ length: 200 }, () => objects.load(KEY));
    gate.open();
    const loaded = await Promise.all(pending);
    expect(gate.gets).toEqual([KEY]);
    expect(loaded.every((l) => l.kind === 'cached' && l.object.body.equals(BYTES))).toBe(true);
    expect(memory.getNow(KEY)?.body.equals(BYTES)).toBe(true);
    expect(await counter(registry, 'scalacast_origin_coalesced_requests_total', { scope: 'local' })).toBe(
      199,
    );
  });

  it('across instances sharing a cache, a herd costs one storage read (the others wait for the lease holder)', async () => {
    const gate = gatedStore(inner);
    const memoryShared = createMemorySegmentCache({ maxBytes: 1024 * 1024, maxObjectBytes: 10_000 });
    let leaseAsks = 0;
    const shared: SegmentCache = {
      get: (key) => memoryShared.get(key),
      set: (key, object) => memoryShared.set(key, object),
      acquireLease: (key, ttlMs) => {
        leaseAsks += 1;
        return memoryShared.acquireLease(key, ttlMs);
      },
    };
    const instances = [loader(gate.store, shared), loader(gate.store, shared), loader(gate.store, shared)];
    const pending = instances.flatMap(({ objects }) => Array.from({ length: 50 }, () => objects.load(KEY)));
    await waitFor(() => leaseAsks >= 3, { what: 'every instance to ask for the fill lease' });
    gate.open();
    const loaded = await Promise.all(pending);
    expect(gate.gets).toEqual([KEY]);
    expect(loaded.every((l) => l.kind === 'cached' && l.object.body.equals(BYTES))).toBe(true);
    const byLease = await Promise.all(
      instances.map(({ registry }) =>
        counter(registry, 'scalacast_origin_coalesced_requests_total', { scope: 'lease' }),
      ),
    );
    expect(byLease.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('reads the shared tier before storage, and goes to storage when the shared tier fails', async () => {
    const shared = createMemorySegmentCache({ maxBytes: 1024 * 1024, maxObjectBytes: 10_000 });
    await shared.set(KEY, { body: Buffer.from('from redis'), etag: 'e', contentType: 'video/mp4' });
    const gate = gatedStore(inner);
    gate.open();
    const first = loader(gate.store, shared);
    const hit = await first.objects.load(KEY);
    expect(hit.kind === 'cached' && hit.object.body.toString()).toBe('from redis');
    expect(gate.gets).toEqual([]);

    const broken: SegmentCache = {
      get: () => Promise.reject(new AppError('upstream_unavailable', 'redis down')),
      set: () => Promise.reject(new AppError('upstream_unavailable', 'redis down')),
      acquireLease: () => Promise.reject(new AppError('upstream_unavailable', 'redis down')),
    };
    const second = loader(gate.store, broken);
    const loaded = await second.objects.load(KEY);
    expect(loaded.kind === 'cached' && loaded.object.body.equals(BYTES)).toBe(true);
    expect(
      await counter(second.registry, 'scalacast_origin_cache_lookups_total', {
        tier: 'redis',
        result: 'error',
      }),
    ).toBe(1);
  });

  it('does not hold objects over the cap: hands the open stream to one caller and remembers the size', async () => {
    const gate = gatedStore(inner);
    gate.open();
    const { objects, memory } = loader(gate.store, null);
    const [a, b] = await Promise.all([objects.load(BIG), objects.load(BIG)]);
    if (a?.kind !== 'large' || b?.kind !== 'large') throw new Error('expected a large object');
    const stream = a.takeStream();
    expect(b.takeStream()).toBeUndefined();
    const chunks: Buffer[] = [];
    for await (const chunk of stream?.body ?? []) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).length).toBe(100_000);
    expect(memory.getNow(BIG)).toBeUndefined();
    expect(objects.knownLarge(BIG)?.sizeBytes).toBe(100_000);
    expect(gate.gets).toEqual([BIG]);
  });

  it('shares a missing object as object_not_found and does not remember the failure', async () => {
    const gate = gatedStore(inner);
    gate.open();
    const { objects } = loader(gate.store, null);
    const missing = 'assets/asset000000000000001/r1/360p/9.m4s';
    await expect(objects.load(missing)).rejects.toMatchObject({ code: 'object_not_found' });
    await inner.put(missing, BYTES, { contentType: 'video/mp4' });
    expect((await objects.load(missing)).kind).toBe('cached');
  });
});
