import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createFilesystemObjectStore } from '../../packager/storage/filesystem-object-store.js';
import { createS3ObjectStore } from '../../packager/storage/s3-object-store.js';
import { createMemoryObjectStore } from '../fakes/memory-object-store.js';
import type { S3rverHandle } from '../setup/s3rver.js';
import { startS3rver } from '../setup/s3rver.js';
import { describeObjectStoreContract } from './object-store.contract.js';

let s3rver: S3rverHandle | undefined;

beforeAll(async () => {
  s3rver = await startS3rver();
});

afterAll(async () => {
  await s3rver?.stop();
});

describeObjectStoreContract('memory', () =>
  Promise.resolve({ store: createMemoryObjectStore(), cleanup: () => Promise.resolve() }),
);

describeObjectStoreContract('filesystem', async () => {
  const rootDir = await mkdtemp(join(tmpdir(), 'scalacast-fs-store-'));
  return {
    store: createFilesystemObjectStore({ rootDir }),
    cleanup: () => rm(rootDir, { recursive: true, force: true }),
  };
});

describeObjectStoreContract(
  's3 (s3rver)',
  async () => {
    if (!s3rver) throw new Error('s3rver did not start');
    const bucket = await s3rver.createBucket();
    const store = createS3ObjectStore({ ...s3rver, bucket });
    return { store, cleanup: () => Promise.resolve(store.close()) };
  },
  // s3rver writes metadata beside the data, not atomically; MinIO and S3 swap objects atomically.
  { atomicOverwrite: false, listReportsContentType: false, readableUrl: true },
);
