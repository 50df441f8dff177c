/**
 * A real redis-server per test file, on a free loopback port with its own temp folder. Tests isolate from
 * each other with a random key prefix (`uniquePrefix()`).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLocalRedis, type LocalRedis } from '../../packager/platform/local-redis.js';

export interface TestRedis extends LocalRedis {
  readonly dataDir: string;
}

export async function startRedis(
  policy: 'noeviction' | 'allkeys-lru' = 'noeviction',
  maxmemoryBytes?: number,
): Promise<TestRedis> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-redis-'));
  const redis = await startLocalRedis({
    dataDir,
    maxmemoryPolicy: policy,
    persistent: false,
    ...(maxmemoryBytes === undefined ? {} : { maxmemoryBytes }),
  });
  return {
    ...redis,
    dataDir,
    stop: async () => {
      await redis.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function uniquePrefix(label = 'test'): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}
