/**
 * What a production origin needs, started for a test or a benchmark: PostgreSQL, the queue Redis
 * (noeviction), the segment-cache Redis (allkeys-lru) and storage (a filesystem store under DATA_DIR, or the
 * S3 endpoint given). `startOrigin` runs real `origin/main.ts` processes against them; `catalog` and `store`
 * seed what they serve.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createPostgresDatabase } from '../../packager/catalog/database.js';
import { createKyselyCatalog } from '../../packager/catalog/kysely-catalog.js';
import { migrateToLatest } from '../../packager/catalog/migrate.js';
import { createFilesystemObjectStore } from '../../packager/storage/filesystem-object-store.js';
import { createS3ObjectStore } from '../../packager/storage/s3-object-store.js';
import type { Catalog, ObjectStore } from '../../packager/ports.js';
import { startPostgres, type PostgresServer } from './postgres.js';
import { startRedis, uniquePrefix, type TestRedis } from './redis.js';
import { startScalacast, type ScalacastProcess } from './scalacast-process.js';

export interface S3Target {
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly region: string;
  readonly bucket: string;
}

export interface OriginStackOptions {
  /** Without it, objects live in a filesystem store under the stack's DATA_DIR. */
  readonly s3?: S3Target;
  /** Start a segment-cache Redis (allkeys-lru) of this maxmemory; omit for no shared tier. */
  readonly cacheMaxmemoryBytes?: number;
  /** Use this segment-cache Redis instead (one the test kills and restarts itself). */
  readonly cacheRedisUrl?: string;
}

export interface OriginStack {
  readonly catalog: Catalog;
  readonly store: ObjectStore;
  readonly dataDir: string;
  readonly cacheRedis: TestRedis | null;
  /** The environment of every origin this stack starts. */
  readonly env: Readonly<Record<string, string>>;
  startOrigin(extraEnv?: Record<string, string>): Promise<ScalacastProcess>;
  stop(): Promise<void>;
}

export async function startOriginStack(options: OriginStackOptions = {}): Promise<OriginStack> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-origin-stack-'));
  const [postgres, queueRedis, cacheRedis] = await Promise.all([
    startPostgres(),
    startRedis('noeviction'),
    options.cacheMaxmemoryBytes === undefined ? null : startRedis('allkeys-lru', options.cacheMaxmemoryBytes),
  ]);
  const databaseUrl = await postgres.createDatabase();
  const db = createPostgresDatabase(databaseUrl, { maxConnections: 4 });
  await migrateToLatest(db);
  const catalog = createKyselyCatalog({ db, clock: { nowMs: () => Date.now() } });
  const store = options.s3
    ? createS3ObjectStore(options.s3)
    : createFilesystemObjectStore({ rootDir: path.join(dataDir, 'objects') });
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    REDIS_URL: queueRedis.url,
    QUEUE_PREFIX: uniquePrefix('origin'),
    LOG_LEVEL: 'warn',
    ...(cacheRedis || options.cacheRedisUrl
      ? { REDIS_CACHE_URL: options.cacheRedisUrl ?? cacheRedis?.url ?? '' }
      : {}),
    ...(options.s3
      ? {
          S3_ENDPOINT: options.s3.endpoint,
          S3_ACCESS_KEY: options.s3.accessKey,
          S3_SECRET_KEY: options.s3.secretKey,
          S3_REGION: options.s3.region,
          S3_BUCKET: options.s3.bucket,
        }
      : {}),
  };
  const origins: ScalacastProcess[] = [];
  return {
    catalog,
    store,
    dataDir,
    cacheRedis,
    env,
    async startOrigin(extraEnv = {}) {
      const origin = await startScalacast('origin', { ...env, ...extraEnv });
      origins.push(origin);
      return origin;
    },
    async stop() {
      await Promise.all(origins.map((origin) => origin.stop('SIGKILL')));
      await catalog.close();
      await Promise.all([postgres.stop(), queueRedis.stop(), cacheRedis?.stop()]);
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The sum of a metric's samples in Prometheus text whose labels include `labels` (0 when none): enough to
 * read the origin's counters and gauges from /metrics.
 */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = match[2] ?? '';
    if (Object.entries(labels).every(([key, value]) => present.includes(`${key}="${value}"`)))
      sum += Number(match[3]);
  }
  return sum;
}

export async function originMetric(
  baseUrl: string,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const response = await fetch(`${baseUrl}/metrics`);
  // A failed scrape (a cluster primary that timed out gathering its workers) must not read as a zero.
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}: ${await response.text()}`);
  return metricValue(await response.text(), name, labels);
}

export type { PostgresServer };
