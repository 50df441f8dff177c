/**
 * The shared cache's Redis connection (fail-fast settings from createCacheRedis), with its outages logged
 * once each: down when it goes, back when it returns. ioredis reconnects by itself; while it does, the cache
 * tier reports itself unavailable and requests go to storage.
 */
import type { Redis } from 'ioredis';
import { createCacheRedis } from '../../packager/platform/redis.js';
import type { Logger } from '../../packager/ports.js';

export function openCacheRedis(url: string, logger: Logger): Redis {
  const redis = createCacheRedis(url);
  let down = false;
  redis.on('ready', () => {
    if (down) logger.info({}, 'segment cache redis is back');
    down = false;
  });
  redis.on('error', (error: Error) => {
    if (!down) logger.warn({ err: error }, 'segment cache redis is unavailable; serving from storage');
    down = true;
  });
  return redis;
}
