/**
 * The environment that points the processes of a multi-process ScalaCast at the engines they share
 * (PostgreSQL, the queue Redis, S3), with a database and a queue prefix of their own.
 */
import type { PostgresServer } from './postgres.js';
import type { TestRedis } from './redis.js';
import type { S3rverHandle } from './s3rver.js';

export interface SharedEngines {
  readonly redis: TestRedis;
  readonly postgres: PostgresServer;
  readonly s3: S3rverHandle;
}

/** A fresh database on the engines, `bucket` (the caller created it, and reads it) and a queue prefix. */
export async function sharedEnginesEnv(
  engines: SharedEngines,
  place: { readonly bucket: string; readonly queuePrefix: string },
): Promise<Record<string, string>> {
  const { redis, postgres, s3 } = engines;
  return {
    DATABASE_URL: await postgres.createDatabase(),
    REDIS_URL: redis.url,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: s3.secretKey,
    S3_REGION: s3.region,
    S3_BUCKET: place.bucket,
    QUEUE_PREFIX: place.queuePrefix,
  };
}
