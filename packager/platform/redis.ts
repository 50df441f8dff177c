/**
 * ioredis connections for the two Redis roles. BullMQ needs `maxRetriesPerRequest: null` on its connections
 * (it retries itself); the cache wants the opposite: fail fast so a dead cache never slows a request.
 */
import { Redis } from 'ioredis';
import { AppError } from '../domain/errors.js';

export function createQueueRedis(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectionName: 'scalacast-queue',
  });
}

export function createCacheRedis(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 1000,
    commandTimeout: 500,
    connectionName: 'scalacast-cache',
  });
}

/** PING with a deadline, translated to `upstream_unavailable`. */
export async function pingRedis(redis: Redis, timeoutMs = 1000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    throw new AppError('upstream_unavailable', 'Redis is not reachable', { retryable: true, cause: error });
  } finally {
    clearTimeout(timer);
  }
}
