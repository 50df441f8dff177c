import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import type { ObjectStore } from '../../packager/ports.js';
import { MIB, expectAppError, readAll } from './object-store-helpers.js';

const OCTETS = 'application/octet-stream';

export const INVALID_KEYS = [
  '../x',
  '/abs',
  'a//b',
  'a/../b',
  'a/./b',
  '..',
  '',
  'a/',
  'a\\b',
  'a\u0000b',
  'a\nb',
  'x'.repeat(513),
  'x'.repeat(256),
  `a/${'é'.repeat(128)}`,
];

/**
 * The parts of the contract about hostile input and concurrency; registered inside the main contract's
 * describe so they share its per-test store.
 */
export function describeObjectStoreEdgeContract(getStore: () => ObjectStore, atomicOverwrite: boolean): void {
  it('refuses invalid keys with invalid_path on every method, before reading the body', async () => {
    const store = getStore();
    const dir = await mkdtemp(join(tmpdir(), 'scalacast-invalid-'));
    try {
      const localFile = join(dir, 'f');
      await writeFile(localFile, 'x');
      for (const key of INVALID_KEYS) {
        const body = Readable.from([Buffer.from('never read')]);
        await expectAppError(store.put(key, body, { contentType: OCTETS }), 'invalid_path');
        // The store owns the body: it must not leave a caller's upload stream hanging.
        expect(body.destroyed, `body destroyed for ${JSON.stringify(key)}`).toBe(true);
        await expectAppError(store.put(key, Buffer.from('x'), { contentType: OCTETS }), 'invalid_path');
        await expectAppError(store.putFile(key, localFile, OCTETS), 'invalid_path');
        await expectAppError(store.stat(key), 'invalid_path');
        await expectAppError(store.get(key), 'invalid_path');
        await expectAppError(store.getBuffer(key, 10), 'invalid_path');
        await expectAppError(store.downloadToFile(key, join(dir, 'out')), 'invalid_path');
      }
      for (const prefix of ['../', '/abs/', 'a//', 'a/../', '/', 'a\\b/']) {
        await expectAppError(store.deletePrefix(prefix), 'invalid_path');
        await expectAppError(
          (async () => {
            for await (const _ of store.list(prefix)) throw new Error('listed something');
          })(),
          'invalid_path',
        );
      }
      await expect(stat(join(dir, 'out'))).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('accepts unusual but safe keys', async () => {
    const store = getStore();
    for (const key of ['a..b/c', '.hidden/x', 'sp ace/ü.json', `${'x'.repeat(200)}/${'y'.repeat(200)}`]) {
      await store.put(key, Buffer.from(key), { contentType: OCTETS });
      expect((await store.getBuffer(key, 1000)).toString()).toBe(key);
    }
  });

  it.runIf(atomicOverwrite)(
    'readers during an overwrite see the old or the new object, never a part',
    async () => {
      const store = getStore();
      const sizeBytes = 4 * MIB;
      const oldBytes = Buffer.alloc(sizeBytes, 0x61);
      const newBytes = Buffer.alloc(sizeBytes, 0x62);
      await store.put('atomic/obj', oldBytes, { contentType: OCTETS });
      let done = false;
      async function* slowly(): AsyncGenerator<Buffer> {
        for (let offset = 0; offset < sizeBytes; offset += 64 * 1024) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          yield newBytes.subarray(offset, offset + 64 * 1024);
        }
      }
      const writing = store
        .put('atomic/obj', Readable.from(slowly()), { contentType: OCTETS })
        .finally(() => {
          done = true;
        });
      const seen = { old: 0, new: 0 };
      while (!done) {
        const { info, body } = await store.get('atomic/obj');
        const bytes = await readAll(body);
        expect(bytes.length).toBe(sizeBytes);
        expect(info.sizeBytes).toBe(sizeBytes);
        const first = bytes[0];
        expect(bytes.equals(first === 0x61 ? oldBytes : newBytes)).toBe(true);
        seen[first === 0x61 ? 'old' : 'new'] += 1;
        // An in-memory store answers without touching the event loop: let the writer's next chunk in.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      await writing;
      expect(seen.old).toBeGreaterThan(0);
      expect((await store.getBuffer('atomic/obj', sizeBytes)).equals(newBytes)).toBe(true);
    },
  );

  it('answers ping', async () => {
    await getStore().ping();
  });
}
