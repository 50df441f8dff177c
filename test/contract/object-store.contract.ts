import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReadStream } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../packager/ports.js';
import {
  MIB,
  collect,
  expectAppError,
  generatedStream,
  patternBytes,
  readAll,
  sha256OfStream,
  streamOf,
} from './object-store-helpers.js';
import { describeObjectStoreEdgeContract } from './object-store-edge.contract.js';

export interface ObjectStoreHarness {
  readonly store: ObjectStore;
  cleanup(): Promise<void>;
}

export interface ObjectStoreContractOptions {
  /**
   * Whether an overwrite is atomic for concurrent readers. True for memory, filesystem, MinIO and S3; false
   * only for s3rver, the test stand-in, which writes objects in place.
   */
  readonly atomicOverwrite?: boolean;
  /** Whether `list` reports the content type (S3 listings do not carry it: '' there). */
  readonly listReportsContentType?: boolean;
  /** Size of the streamed round trip. */
  readonly largeUploadBytes?: number;
  /** Whether the store gives the media tools a URL of their own (ObjectStore.readableUrl): S3 only. */
  readonly readableUrl?: boolean;
}

const TEXT = 'text/plain';
const OCTETS = 'application/octet-stream';

/**
 * The behaviour every ObjectStore promises (packager/ports.ts), run against each implementation with a fresh,
 * isolated store per test. `makeStore` gives an empty store; `cleanup` removes what it made.
 */
export function describeObjectStoreContract(
  name: string,
  makeStore: () => Promise<ObjectStoreHarness>,
  options: ObjectStoreContractOptions = {},
): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let harness: ObjectStoreHarness;
    let store: ObjectStore;
    let localDir: string;

    beforeEach(async () => {
      harness = await makeStore();
      store = harness.store;
      localDir = await mkdtemp(join(tmpdir(), 'scalacast-store-contract-'));
    });

    afterEach(async () => {
      await harness.cleanup();
      await rm(localDir, { recursive: true, force: true });
    });

    it('stores a buffer and returns exactly its bytes, with matching info from put, stat and get', async () => {
      const bytes = patternBytes(100_000);
      const put = await store.put('a/b/c.bin', bytes, { contentType: OCTETS });
      expect(put).toMatchObject({ key: 'a/b/c.bin', sizeBytes: 100_000, contentType: OCTETS });
      expect(put.etag).not.toBe('');
      expect(await store.stat('a/b/c.bin')).toEqual(put);
      const got = await store.get('a/b/c.bin');
      expect(got.info).toEqual(put);
      expect((await readAll(got.body)).equals(bytes)).toBe(true);
      expect((await store.getBuffer('a/b/c.bin', 100_000)).equals(bytes)).toBe(true);
    });

    it('stores a stream of unknown size, and a stream of announced size', async () => {
      const parts = [patternBytes(70_000, 2), patternBytes(1, 3), patternBytes(130_000, 4)];
      const whole = Buffer.concat(parts);
      const unknown = await store.put('s/unknown', streamOf(...parts), { contentType: OCTETS });
      expect(unknown.sizeBytes).toBe(whole.length);
      const known = await store.put('s/known', streamOf(...parts), {
        contentType: OCTETS,
        sizeBytes: whole.length,
      });
      expect(known.sizeBytes).toBe(whole.length);
      expect((await store.getBuffer('s/unknown', MIB)).equals(whole)).toBe(true);
      expect((await store.getBuffer('s/known', MIB)).equals(whole)).toBe(true);
    });

    it('refuses a body whose length differs from the announced size and stores nothing', async () => {
      const bytes = patternBytes(5000);
      await expectAppError(
        store.put('m/long', streamOf(bytes), { contentType: OCTETS, sizeBytes: 4000 }),
        'invalid_request',
      );
      await expectAppError(
        store.put('m/short', streamOf(bytes), { contentType: OCTETS, sizeBytes: 6000 }),
        'invalid_request',
      );
      await expectAppError(
        store.put('m/buffer', bytes, { contentType: OCTETS, sizeBytes: 10 }),
        'invalid_request',
      );
      expect(await collect(store.list('m/'))).toEqual([]);
    });

    it('gives identical bytes the same etag however they were sent, and different bytes another', async () => {
      const bytes = patternBytes(50_000, 9);
      const a = await store.put('e/a', bytes, { contentType: OCTETS });
      const b = await store.put('e/b', streamOf(bytes.subarray(0, 10), bytes.subarray(10)), {
        contentType: TEXT,
      });
      const c = await store.put('e/c', streamOf(bytes), { contentType: OCTETS, sizeBytes: bytes.length });
      const other = Buffer.from(bytes);
      other[25_000] = (other[25_000] ?? 0) ^ 1;
      const d = await store.put('e/d', other, { contentType: OCTETS });
      expect(b.etag).toBe(a.etag);
      expect(c.etag).toBe(a.etag);
      expect(d.etag).not.toBe(a.etag);
      expect((await store.stat('e/b'))?.etag).toBe(a.etag);
    });

    it('keeps the content type', async () => {
      await store.put('ct/init.mp4', Buffer.from('x'), { contentType: 'video/mp4' });
      await store.put('ct/master.m3u8', streamOf(Buffer.from('#EXTM3U\n')), {
        contentType: 'application/vnd.apple.mpegurl',
      });
      expect((await store.stat('ct/init.mp4'))?.contentType).toBe('video/mp4');
      const got = await store.get('ct/master.m3u8');
      got.body.destroy();
      expect(got.info.contentType).toBe('application/vnd.apple.mpegurl');
      const listed = await collect(store.list('ct/'));
      if (options.listReportsContentType !== false) {
        expect(listed.map((i) => i.contentType)).toEqual(['video/mp4', 'application/vnd.apple.mpegurl']);
      }
    });

    it('serves byte ranges: first byte, middle, last byte; info describes the whole object', async () => {
      const bytes = patternBytes(1000, 5);
      await store.put('r/obj', bytes, { contentType: OCTETS });
      for (const [start, end] of [
        [0, 0],
        [100, 599],
        [999, 999],
        [0, 999],
      ] as const) {
        const { info, body } = await store.get('r/obj', { start, end });
        expect(info.sizeBytes).toBe(1000);
        expect((await readAll(body)).equals(bytes.subarray(start, end + 1))).toBe(true);
      }
      await expectAppError(store.get('r/obj', { start: 0, end: 1000 }), 'range_not_satisfiable');
      await expectAppError(store.get('r/obj', { start: 1000, end: 1000 }), 'range_not_satisfiable');
    });

    if (options.readableUrl) {
      it('gives a URL that serves the object and its byte ranges to a plain HTTP client', async () => {
        const bytes = patternBytes(1000, 9);
        await store.put('u/obj', bytes, { contentType: OCTETS });
        const url = await store.readableUrl?.('u/obj', 60);
        if (!url) throw new Error('no readable URL');
        const whole = await fetch(url);
        expect(whole.status).toBe(200);
        expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
        const ranged = await fetch(url, { headers: { range: 'bytes=100-599' } });
        expect(ranged.status).toBe(206);
        expect(Buffer.from(await ranged.arrayBuffer()).equals(bytes.subarray(100, 600))).toBe(true);
        // Signed for that object, for the time asked (the store checks the signature; s3rver does not).
        expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('60');
        expect(new URL(url).searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
      });
    } else {
      it('gives no URL of its own: the worker serves the object to its media tools itself', () => {
        expect('readableUrl' in store).toBe(false);
      });
    }

    it('reports missing objects: stat null, reads object_not_found, no local file left', async () => {
      expect(await store.stat('missing/x')).toBeNull();
      await expectAppError(store.get('missing/x'), 'object_not_found');
      await expectAppError(store.get('missing/x', { start: 0, end: 0 }), 'object_not_found');
      await expectAppError(store.getBuffer('missing/x', 10), 'object_not_found');
      const target = join(localDir, 'never.bin');
      await expectAppError(store.downloadToFile('missing/x', target), 'object_not_found');
      await expect(stat(target)).rejects.toThrow();
      // A "folder" of other keys is not an object either.
      await store.put('missing/x/inner', Buffer.from('1'), { contentType: OCTETS });
      expect(await store.stat('missing/x')).toBeNull();
      await expectAppError(store.get('missing/x'), 'object_not_found');
    });

    it('getBuffer refuses objects over its limit and accepts one exactly at it', async () => {
      await store.put('g/ten', Buffer.alloc(10, 1), { contentType: OCTETS });
      await expectAppError(store.getBuffer('g/ten', 9), 'payload_too_large');
      expect((await store.getBuffer('g/ten', 10)).length).toBe(10);
    });

    it('lists recursively under a prefix, including a prefix that only holds deeper folders', async () => {
      const keys = ['p/v1/0/a', 'p/v1/0/b', 'p/v1/1/c', 'p/v10/x', 'p/top', 'q/other'];
      for (const [index, key] of keys.entries()) {
        await store.put(key, patternBytes(10 + index, index), { contentType: OCTETS });
      }
      const keysOf = async (prefix: string) => (await collect(store.list(prefix))).map((i) => i.key);
      expect(await keysOf('p/v1/')).toEqual(['p/v1/0/a', 'p/v1/0/b', 'p/v1/1/c']);
      expect(await keysOf('p/v1/0/')).toEqual(['p/v1/0/a', 'p/v1/0/b']);
      expect(await keysOf('p/v1')).toEqual(['p/v1/0/a', 'p/v1/0/b', 'p/v1/1/c', 'p/v10/x']);
      expect(await keysOf('p/')).toEqual(['p/top', 'p/v1/0/a', 'p/v1/0/b', 'p/v1/1/c', 'p/v10/x']);
      expect(await keysOf('p/nothing/')).toEqual([]);
      const listed = await collect(store.list('p/v1/1/'));
      expect(listed).toHaveLength(1);
      const stat1 = await store.stat('p/v1/1/c');
      expect(listed[0]).toMatchObject({ key: 'p/v1/1/c', sizeBytes: 12, etag: stat1?.etag });
    });

    it('deletePrefix removes exactly the keys under the prefix, counts them, and is idempotent', async () => {
      for (const key of ['d/v1/0/a', 'd/v1/0/b', 'd/v1/1/c', 'd/v10/x', 'd/top']) {
        await store.put(key, Buffer.from(key), { contentType: TEXT });
      }
      expect(await store.deletePrefix('d/v1/')).toBe(3);
      expect(await store.deletePrefix('d/v1/')).toBe(0);
      expect((await collect(store.list('d/'))).map((i) => i.key)).toEqual(['d/top', 'd/v10/x']);
      expect(await store.stat('d/v1/0/a')).toBeNull();
      // The same keys can be written again after their folders went away.
      await store.put('d/v1/0/a', Buffer.from('again'), { contentType: TEXT });
      expect((await store.getBuffer('d/v1/0/a', 100)).toString()).toBe('again');
      await expectAppError(store.deletePrefix(''), 'invalid_path');
    });

    it('an overwrite replaces the whole object', async () => {
      await store.put('o/obj', patternBytes(300_000, 1), { contentType: OCTETS });
      const small = Buffer.from('short');
      const info = await store.put('o/obj', small, { contentType: TEXT });
      expect(info.sizeBytes).toBe(5);
      expect(await store.stat('o/obj')).toEqual(info);
      expect((await store.getBuffer('o/obj', MIB)).equals(small)).toBe(true);
    });

    it('aborts an upload over maxBytes with payload_too_large and leaves nothing (or the old object)', async () => {
      const chunk = Buffer.alloc(64 * 1024, 7);
      const body = streamOf(chunk, chunk, chunk);
      await expectAppError(
        store.put('big/new', body, { contentType: OCTETS, maxBytes: 100_000 }),
        'payload_too_large',
      );
      await expectAppError(
        store.put('big/buf', Buffer.alloc(11), { contentType: OCTETS, maxBytes: 10 }),
        'payload_too_large',
      );
      await expectAppError(
        store.put('big/told', streamOf(chunk), {
          contentType: OCTETS,
          sizeBytes: chunk.length,
          maxBytes: 10,
        }),
        'payload_too_large',
      );
      expect(await store.stat('big/new')).toBeNull();
      expect(await collect(store.list('big/'))).toEqual([]);

      const old = await store.put('big/keep', Buffer.from('old'), { contentType: TEXT });
      await expectAppError(
        store.put('big/keep', streamOf(chunk, chunk), { contentType: TEXT, maxBytes: 70_000 }),
        'payload_too_large',
      );
      expect(await store.stat('big/keep')).toEqual(old);
      expect((await store.getBuffer('big/keep', 100)).toString()).toBe('old');
      const exact = await store.put('big/exact', streamOf(chunk), {
        contentType: OCTETS,
        maxBytes: chunk.length,
      });
      expect(exact.sizeBytes).toBe(chunk.length);
    });

    it('uploads a local file and downloads an object to a local file', async () => {
      const bytes = patternBytes(200_000, 11);
      const source = join(localDir, 'source.bin');
      await writeFile(source, bytes);
      const info = await store.putFile('f/seg.m4s', source, 'video/iso.segment');
      expect(info).toMatchObject({ sizeBytes: 200_000, contentType: 'video/iso.segment' });
      const target = join(localDir, 'copy.bin');
      await writeFile(target, 'something longer than nothing, to be replaced');
      await store.downloadToFile('f/seg.m4s', target);
      expect((await readFile(target)).equals(bytes)).toBe(true);
    });

    it('stores an empty object', async () => {
      const info = await store.put('z/empty', Buffer.alloc(0), { contentType: OCTETS });
      expect(info.sizeBytes).toBe(0);
      expect((await store.stat('z/empty'))?.sizeBytes).toBe(0);
      expect((await readAll((await store.get('z/empty')).body)).length).toBe(0);
      expect((await store.getBuffer('z/empty', 0)).length).toBe(0);
      await expectAppError(store.get('z/empty', { start: 0, end: 0 }), 'range_not_satisfiable');
      const empty2 = await store.put('z/empty2', streamOf(), { contentType: OCTETS });
      expect(empty2.etag).toBe(info.etag);
    });

    it('keeps what it stored even if the caller reuses its buffer', async () => {
      const bytes = Buffer.from('original');
      await store.put('b/reuse', bytes, { contentType: TEXT });
      bytes.write('XXXXXXXX');
      expect((await store.getBuffer('b/reuse', 100)).toString()).toBe('original');
    });

    const largeBytes = options.largeUploadBytes ?? 80 * MIB;
    it(`round-trips a ${Math.round(largeBytes / MIB)} MiB generated stream with its checksum intact`, async () => {
      const generated = generatedStream(largeBytes);
      const info = await store.put('large/obj', generated.stream, { contentType: OCTETS });
      expect(info.sizeBytes).toBe(largeBytes);
      expect(await sha256OfStream((await store.get('large/obj')).body)).toBe(generated.sha256());
      const target = join(localDir, 'large.bin');
      await store.downloadToFile('large/obj', target);
      expect((await stat(target)).size).toBe(largeBytes);
      expect(await sha256OfStream(createReadStream(target))).toBe(generated.sha256());
      const tail = await store.get('large/obj', { start: largeBytes - 10, end: largeBytes - 1 });
      expect((await readAll(tail.body)).length).toBe(10);
    });

    describeObjectStoreEdgeContract(() => store, options.atomicOverwrite !== false);
  });
}
