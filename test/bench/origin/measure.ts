/** The six measurements of the origin benchmark, each a function of the running servers. */
import { readFile } from 'node:fs/promises';
import type { KillableRedis } from '../../setup/killable-redis.js';
import { originMetric } from '../../setup/origin-stack.js';
import { herd, openIdleConnections, replay } from './http-load.js';
import { runWrk, type WrkResult } from './wrk.js';
import { lruMisses, zipfTrace } from './zipf.js';

export interface Server {
  readonly name: string;
  readonly url: string;
}

export interface LoadFigures {
  readonly requestsPerSecond: number;
  readonly megabytesPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failures: number;
  /** Every round's req/s: the median is reported, the spread shows how noisy the machine was. */
  readonly rounds: readonly number[];
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Interleaved rounds (a, b, c, a, b, c...) so that a change in background load hits every server alike. */
export async function compareUnderLoad(
  servers: readonly Server[],
  paths: readonly string[],
  options: { rounds: number; durationSeconds: number; connections: number },
): Promise<Record<string, LoadFigures>> {
  const results = new Map<string, WrkResult[]>(servers.map((server) => [server.name, []]));
  for (let round = 0; round < options.rounds; round += 1) {
    for (const server of servers) {
      const result = await runWrk({
        baseUrl: server.url,
        paths,
        threads: 2,
        connections: options.connections,
        durationSeconds: options.durationSeconds,
      });
      results.get(server.name)?.push(result);
    }
  }
  return Object.fromEntries(
    [...results].map(([name, runs]) => {
      const chosen = [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[
        Math.floor(runs.length / 2)
      ];
      return [
        name,
        {
          requestsPerSecond: Math.round(chosen?.requestsPerSecond ?? 0),
          megabytesPerSecond: Math.round((chosen?.bytesPerSecond ?? 0) / 1024 / 1024),
          p50Ms: chosen?.p50Ms ?? Number.NaN,
          p99Ms: median(runs.map((run) => run.p99Ms)),
          failures: runs.reduce((sum, run) => sum + run.failures, 0),
          rounds: runs.map((run) => Math.round(run.requestsPerSecond)),
        },
      ];
    }),
  );
}

const storageGets = (url: string) =>
  originMetric(url, 'scalacast_origin_storage_reads_total', { operation: 'get' });

/** 200 requests at once for one cold object: storage reads it caused, and whether every answer was 200. */
export async function measureHerd(originUrl: string, coldPath: string, count = 200) {
  const before = await storageGets(originUrl);
  const statuses = await herd(`${originUrl}${coldPath}`, count);
  return {
    requests: count,
    ok: statuses.filter((status) => status === 200).length,
    storageReads: (await storageGets(originUrl)) - before,
  };
}

/** Storage reads per 1,000 requests of a Zipf trace, next to a perfect LRU of the same capacity. */
export async function measureZipf(
  originUrl: string,
  objects: { readonly paths: readonly string[]; readonly sizes: readonly number[] },
  options: { alpha: number; requests: number; capacityBytes: number; concurrency: number; seed: number },
) {
  const trace = zipfTrace(objects.paths.length, options.requests, options.alpha, options.seed);
  const before = await storageGets(originUrl);
  const failures = await replay(
    originUrl,
    trace.map((index) => objects.paths[index] ?? ''),
    options.concurrency,
  );
  const originReads = (await storageGets(originUrl)) - before;
  const simulatedReads = lruMisses(trace, objects.sizes, options.capacityBytes);
  const perThousand = (reads: number) => Math.round((reads * 10_000) / options.requests) / 10;
  return {
    alpha: options.alpha,
    requests: options.requests,
    failures,
    originReadsPer1000: perThousand(originReads),
    lruReadsPer1000: perThousand(simulatedReads),
    ratio: Math.round((originReads / Math.max(1, simulatedReads)) * 1000) / 1000,
  };
}

async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** Memory per idle keep-alive connection on one origin process, and the throughput kept meanwhile. */
export async function measureIdleConnections(
  origin: Server & { readonly pid: number; readonly port: number },
  options: { connections: number; idlePath: string; loadPaths: readonly string[]; durationSeconds: number },
) {
  const load = () =>
    compareUnderLoad([origin], options.loadPaths, {
      rounds: 3,
      durationSeconds: options.durationSeconds,
      connections: 64,
    });
  const before = (await load())[origin.name];
  const heapBefore = await originMetric(origin.url, 'scalacast_nodejs_heap_size_used_bytes');
  const rssBefore = await residentBytes(origin.pid);
  const idle = await openIdleConnections(origin.port, options.idlePath, options.connections);
  const rssAfter = await residentBytes(origin.pid);
  const heapAfter = await originMetric(origin.url, 'scalacast_nodejs_heap_size_used_bytes');
  const during = (await load())[origin.name];
  const stillOpen = idle.open;
  idle.close();
  return {
    connections: options.connections,
    stillOpen,
    bytesPerConnection: Math.round((rssAfter - rssBefore) / options.connections),
    heapBytesPerConnection: Math.round((heapAfter - heapBefore) / options.connections),
    requestsPerSecondBefore: before?.requestsPerSecond ?? 0,
    requestsPerSecondDuring: during?.requestsPerSecond ?? 0,
    throughputKept:
      Math.round(((during?.requestsPerSecond ?? 0) / Math.max(1, before?.requestsPerSecond ?? 0)) * 1000) /
      1000,
  };
}

/** Load while the cache Redis is killed and later restarted: failed requests, and cache use afterwards. */
export async function measureRedisKill(
  originUrl: string,
  redis: KillableRedis,
  paths: readonly string[],
  durationSeconds: number,
) {
  const redisHits = () =>
    originMetric(originUrl, 'scalacast_origin_cache_lookups_total', { tier: 'redis', result: 'hit' });
  const hitsAtStart = await redisHits();
  let hitsAtRestart = 0;
  const timers = [
    setTimeout(() => void redis.kill(), (durationSeconds * 1000) / 4),
    setTimeout(
      () => {
        void redis.restart().then(async () => (hitsAtRestart = await redisHits()));
      },
      (durationSeconds * 1000) / 2,
    ),
  ];
  const result = await runWrk({ baseUrl: originUrl, paths, threads: 2, connections: 32, durationSeconds });
  timers.forEach(clearTimeout);
  const hitsAtEnd = await redisHits();
  return {
    requests: result.requests,
    failedRequests: result.failures,
    redisHitsBeforeRestart: hitsAtRestart > 0 ? hitsAtRestart - hitsAtStart : null,
    redisHitsAfterRestart: hitsAtEnd - hitsAtRestart,
  };
}
