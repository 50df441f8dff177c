import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFilesystemObjectStore } from '../../packager/storage/filesystem-object-store.js';
import { INVALID_KEYS } from './object-store-edge.contract.js';
import { expectAppError, patternBytes, readAll, streamOf } from './object-store-helpers.js';

const OCTETS = 'application/octet-stream';

describe('filesystem object store specifics', () => {
  let rootDir: string;

  beforeEach(async () => {
    // A parent folder, so tests can check that nothing lands beside the store's root.
    rootDir = join(await mkdtemp(join(tmpdir(), 'scalacast-fs-specific-')), 'root');
  });

  afterEach(async () => {
    await rm(join(rootDir, '..'), { recursive: true, force: true });
  });

  it('keeps etag (md5 hex of the bytes) and content type across a restart', async () => {
    const bytes = patternBytes(12_345);
    const first = createFilesystemObjectStore({ rootDir });
    const info = await first.put('assets/x/r1/720p/init.mp4', streamOf(bytes), { contentType: 'video/mp4' });
    expect(info.etag).toBe(createHash('md5').update(bytes).digest('hex'));
    const again = createFilesystemObjectStore({ rootDir });
    expect(await again.stat('assets/x/r1/720p/init.mp4')).toEqual(info);
    expect((await again.getBuffer('assets/x/r1/720p/init.mp4', 20_000)).equals(bytes)).toBe(true);
  });

  it('leaves no temp file behind after failed uploads', async () => {
    const store = createFilesystemObjectStore({ rootDir });
    const chunk = Buffer.alloc(50_000, 1);
    await expectAppError(
      store.put('f/a', streamOf(chunk, chunk), { contentType: OCTETS, maxBytes: 60_000 }),
      'payload_too_large',
    );
    await expectAppError(
      store.put('f/b', streamOf(chunk), { contentType: OCTETS, sizeBytes: 10 }),
      'invalid_request',
    );
    const broken = new Readable({ read() {} });
    broken.push(chunk);
    const failing = store.put('f/c', broken, { contentType: OCTETS });
    broken.destroy(new Error('client went away'));
    await expectAppError(failing, 'internal');
    expect(await readdir(join(rootDir, 'tmp'))).toEqual([]);
    expect(await store.stat('f/c')).toBeNull();
  });

  it('removes folders left empty by deletePrefix and keeps the others', async () => {
    const store = createFilesystemObjectStore({ rootDir });
    await store.put('assets/a/r1/v/1.m4s', Buffer.from('1'), { contentType: OCTETS });
    await store.put('assets/a/r1/v/2.m4s', Buffer.from('2'), { contentType: OCTETS });
    await store.put('assets/a/source', Buffer.from('s'), { contentType: OCTETS });
    expect(await store.deletePrefix('assets/a/r1/')).toBe(2);
    expect(await readdir(join(rootDir, 'objects', 'assets', 'a'))).toEqual(['source']);
    expect(await store.deletePrefix('assets/')).toBe(1);
    expect(await readdir(join(rootDir, 'objects'))).toEqual([]);
  });

  it('never writes outside its root, and refuses a key that crosses an object used as a folder', async () => {
    const store = createFilesystemObjectStore({ rootDir });
    for (const key of INVALID_KEYS) {
      await expectAppError(store.put(key, Buffer.from('x'), { contentType: OCTETS }), 'invalid_path');
    }
    expect(await readdir(join(rootDir, '..'))).toEqual([]);
    await store.put('a/b', Buffer.from('file'), { contentType: OCTETS });
    await expectAppError(store.put('a/b/c', Buffer.from('x'), { contentType: OCTETS }), 'invalid_path');
    await expectAppError(store.put('a', Buffer.from('x'), { contentType: OCTETS }), 'invalid_path');
    expect((await store.getBuffer('a/b', 10)).toString()).toBe('file');
    expect(await readdir(join(rootDir, 'tmp'))).toEqual([]);
  });

  it('tells where an object lies on disk for the media tools: its bytes lead its file', async () => {
    const store = createFilesystemObjectStore({ rootDir });
    const bytes = patternBytes(5_000);
    await store.put('l/obj', bytes, { contentType: OCTETS });
    const file = await store.localFile?.('l/obj');
    if (!file) throw new Error('no local file');
    expect(file.sizeBytes).toBe(5_000);
    expect(file.path.startsWith(rootDir)).toBe(true);
    expect((await readFile(file.path)).subarray(0, file.sizeBytes).equals(bytes)).toBe(true);
    await expectAppError(store.localFile?.('l/missing') ?? Promise.resolve(), 'object_not_found');
  });

  it('reports a damaged or foreign file as internal, never as object bytes', async () => {
    const store = createFilesystemObjectStore({ rootDir });
    await mkdir(join(rootDir, 'objects', 'x'), { recursive: true });
    await writeFile(join(rootDir, 'objects', 'x', 'foreign'), 'plain bytes dropped in by hand');
    await expectAppError(store.get('x/foreign'), 'internal');
    await expectAppError(store.stat('x/foreign'), 'internal');
    // Downloaded by a copy of the file: the copy is checked the same way, and removed.
    const target = join(rootDir, '..', 'foreign.bin');
    await expectAppError(store.downloadToFile('x/foreign', target), 'internal');
    await expect(stat(target)).rejects.toThrow();
  });

  it('a reader that opened an object keeps reading that version through an overwrite and a delete', async () => {
    const store = createFilesystemObjectStore({ rootDir });
    const oldBytes = patternBytes(3 * 1024 * 1024, 1);
    await store.put('v/obj', oldBytes, { contentType: OCTETS });
    const { body } = await store.get('v/obj');
    await store.put('v/obj', Buffer.from('new'), { contentType: OCTETS });
    expect((await readAll(body)).equals(oldBytes)).toBe(true);
    const second = await store.get('v/obj');
    expect(await store.deletePrefix('v/')).toBe(1);
    expect((await readAll(second.body)).toString()).toBe('new');
  });

  it('ping fails with upstream_unavailable when the root cannot be used', async () => {
    await mkdir(join(rootDir, '..'), { recursive: true });
    await writeFile(rootDir, 'a file where the folder should be');
    const store = createFilesystemObjectStore({ rootDir });
    await expectAppError(store.ping(), 'upstream_unavailable');
  });
});
