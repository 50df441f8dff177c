/**
 * `npm run bench -- origin`: the origin against nginx (Debian, 2 workers, sendfile, same files on disk) with
 * the same load generator (wrk -t2 -c64) on loopback, in one run. Prints a table, writes
 * test/bench/results/origin.json and an SVG chart of (1) and (4) to test/bench/results/origin.svg.
 *
 *   1. cache-hit segments, 50 KB and 500 KB: req/s, MB/s, p50/p99, ratio to nginx (origin with 2 workers,
 *      like nginx's 2, and with 1)
 *   2. manifests: req/s and p99 (nginx serves a static copy, for scale)
 *   3. a herd of 200 concurrent requests for one cold segment: storage reads (2 workers + Redis, and 1 process)
 *   4. Zipf traces (alpha 0.8, 1.0) over a catalogue 10x the cache: storage reads per 1,000 requests next to a
 *      perfect LRU of the same capacity on the same trace
 *   5. 10,000 idle keep-alive connections on one origin process: memory per connection, throughput kept
 *   6. the cache Redis killed (and restarted) mid-run: failed requests
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKillableRedis } from '../setup/killable-redis.js';
import { seedAsset, type SeededAsset } from '../setup/origin-seed.js';
import { startOriginStack } from '../setup/origin-stack.js';
import { seededRandom } from './origin/zipf.js';
import { createMirror } from './origin/mirror.js';
import {
  compareUnderLoad,
  measureHerd,
  measureIdleConnections,
  measureRedisKill,
  measureZipf,
} from './origin/measure.js';
import { startNginx } from './origin/nginx.js';
import { startNodeCeiling } from './origin/node-ceiling.js';
import { renderChart } from './origin/svg-chart.js';

const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
const quick = process.env.BENCH_QUICK === '1';
const KIB = 1024;
const MIB = 1024 * KIB;
const ROUNDS = quick ? 1 : 3;
const SECONDS = quick ? 3 : 8;
const ZIPF = { assets: 300, segmentsPerAsset: 8, requests: quick ? 5000 : 20_000, capacityBytes: 10 * MIB };

const loadBefore = os.loadavg();
const mirror = await createMirror();
const cacheRedis = await startKillableRedis(256 * MIB);
const stack = await startOriginStack({ cacheRedisUrl: cacheRedis.url });
const nginx = await startNginx(mirror.rootDir);
const seed = (sizes: number[], mirrored = true): Promise<SeededAsset> =>
  seedAsset(stack.catalog, stack.store, {
    segmentSizes: sizes,
    ...(mirrored ? { onObject: (key, bytes) => mirror.writeObject(key, bytes) } : {}),
  });

try {
  console.log('seeding…');
  const small = await seed(Array<number>(16).fill(50 * KIB));
  const large = await seed(Array<number>(16).fill(500 * KIB));
  const manifestAssets = await Promise.all(Array.from({ length: 4 }, () => seed([50 * KIB], false)));
  const redisAssets = await Promise.all(
    Array.from({ length: 13 }, () => seed(Array<number>(16).fill(50 * KIB), false)),
  );
  const random = seededRandom(42);
  const zipfSizes: number[] = [];
  const zipfPaths: string[] = [];
  for (let index = 0; index < ZIPF.assets; index += 1) {
    const sizes = Array.from({ length: ZIPF.segmentsPerAsset }, () =>
      Math.round(10 * KIB + random() * 60 * KIB),
    );
    const asset = await seed(sizes, false);
    zipfSizes.push(...sizes);
    zipfPaths.push(...asset.segmentPaths);
  }

  console.log('starting origins…');
  const pair = await stack.startOrigin({ ORIGIN_WORKERS: '2' });
  const single = await stack.startOrigin({ ORIGIN_WORKERS: '1', HTTP_KEEP_ALIVE_TIMEOUT_MS: '600000' });
  const servers = [
    { name: 'nginx', url: nginx.url },
    { name: 'origin (2 workers)', url: pair.url },
    { name: 'origin (1 process)', url: single.url },
  ];
  const warm = async (paths: readonly string[]) => {
    for (const server of servers.slice(1))
      for (const p of paths) await (await fetch(`${server.url}${p}`)).arrayBuffer();
  };
  const masters = manifestAssets.map((asset) => asset.masterPath);
  await warm([...small.segmentPaths, ...large.segmentPaths, ...masters, ...masters, ...small.segmentPaths]);
  for (const masterPath of masters) {
    await mirror.writePath(
      masterPath,
      Buffer.from(await (await fetch(`${pair.url}${masterPath}`)).arrayBuffer()),
    );
  }

  console.log('(1) cache-hit segments…');
  const options = { rounds: ROUNDS, durationSeconds: SECONDS, connections: 64 };
  const ceiling = await startNodeCeiling(mirror.rootDir); // loads the finished mirror into memory
  const withCeiling = [...servers, { name: 'node:http from memory', url: ceiling.url }];
  const [hits50, hits500] = await (async () => {
    try {
      return [
        await compareUnderLoad(withCeiling, small.segmentPaths, options),
        await compareUnderLoad(withCeiling, large.segmentPaths, options),
      ];
    } finally {
      await ceiling.stop();
    }
  })();
  console.log('(2) manifests…');
  const manifests = await compareUnderLoad(servers, masters, { ...options, rounds: Math.min(2, ROUNDS) });

  console.log('(3) herd…');
  const herdPair = await measureHerd(pair.url, (await seed([500 * KIB], false)).segmentPaths[0] ?? '');
  const herdSingle = await measureHerd(single.url, (await seed([500 * KIB], false)).segmentPaths[0] ?? '');

  console.log('(4) Zipf traces…');
  const zipf = [];
  for (const alpha of [0.8, 1.0]) {
    // A fresh single process per trace (empty cache), memory tier = the capacity, no shared tier.
    const origin = await stack.startOrigin({
      CACHE_MEMORY_MAX_BYTES: String(ZIPF.capacityBytes),
      REDIS_CACHE_URL: '',
    });
    zipf.push(
      await measureZipf(
        origin.url,
        { paths: zipfPaths, sizes: zipfSizes },
        { alpha, requests: ZIPF.requests, capacityBytes: ZIPF.capacityBytes, concurrency: 8, seed: 7 },
      ),
    );
    await origin.stop();
  }

  console.log('(5) 10,000 idle connections…');
  const idle = await measureIdleConnections(
    {
      name: 'origin (1 process)',
      url: single.url,
      pid: single.child.pid ?? 0,
      port: Number(new URL(single.url).port),
    },
    {
      connections: 10_000,
      idlePath: masters[0] ?? '',
      loadPaths: small.segmentPaths,
      durationSeconds: SECONDS,
    },
  );

  console.log('(6) Redis killed mid-run…');
  const redisOrigin = await stack.startOrigin({ ORIGIN_WORKERS: '2', CACHE_MEMORY_MAX_BYTES: String(MIB) });
  const redisPaths = redisAssets.flatMap((asset) => asset.segmentPaths);
  for (const p of redisPaths) await (await fetch(`${redisOrigin.url}${p}`)).arrayBuffer();
  const redisKill = await measureRedisKill(redisOrigin.url, cacheRedis, redisPaths, quick ? 8 : 16);

  const ratio = (a = 0, b = 0) => Math.round((a / Math.max(1, b)) * 100) / 100;
  const results = {
    machine: {
      cpus: os.availableParallelism(),
      loadAverageBefore: loadBefore,
      loadAverageAfter: os.loadavg(),
      node: process.version,
    },
    settings: { wrk: '-t2 -c64', rounds: ROUNDS, secondsPerRound: SECONDS, zipf: ZIPF },
    cacheHits: { '50KB': hits50, '500KB': hits500 },
    manifests,
    herd: { twoWorkersWithRedis: herdPair, oneProcess: herdSingle },
    zipf,
    idleConnections: idle,
    redisKill,
  };
  await fs.mkdir(resultsDir, { recursive: true });
  await fs.writeFile(path.join(resultsDir, 'origin.json'), `${JSON.stringify(results, null, 2)}\n`);
  const best = (figures: Record<string, { requestsPerSecond: number }>) =>
    Math.max(
      figures['origin (2 workers)']?.requestsPerSecond ?? 0,
      figures['origin (1 process)']?.requestsPerSecond ?? 0,
    );
  await fs.writeFile(
    path.join(resultsDir, 'origin.svg'),
    renderChart(
      [
        {
          title: '(1) Cache-hit segments, req/s',
          series: ['nginx (sendfile)', 'origin (best of 1 / 2 procs)'],
          groups: [
            {
              label: '50 KB',
              values: [hits50['nginx']?.requestsPerSecond ?? 0, best(hits50)],
              note: `${ratio(best(hits50), hits50['nginx']?.requestsPerSecond)}x nginx`,
            },
            {
              label: '500 KB',
              values: [hits500['nginx']?.requestsPerSecond ?? 0, best(hits500)],
              note: `${ratio(best(hits500), hits500['nginx']?.requestsPerSecond)}x nginx`,
            },
          ],
          format: (value) => `${(value / 1000).toFixed(1)}k`,
        },
        {
          title: '(4) Zipf trace: storage reads per 1,000 requests',
          series: ['perfect LRU, same capacity', 'origin'],
          groups: zipf.map((z) => ({
            label: `alpha ${z.alpha}`,
            values: [z.lruReadsPer1000, z.originReadsPer1000],
            note: `${z.ratio}x LRU`,
          })),
          format: (value) => value.toFixed(0),
        },
      ],
      `wrk -t2 -c64, loopback, ${os.availableParallelism()} cores, load average ${loadBefore[0]?.toFixed(1)} at start; ${new Date().toISOString().slice(0, 10)}`,
    ),
  );

  const line = (
    label: string,
    f?: { requestsPerSecond: number; megabytesPerSecond: number; p50Ms: number; p99Ms: number },
    base?: { requestsPerSecond: number; p99Ms: number },
  ) =>
    f
      ? `  ${label.padEnd(22)} ${String(f.requestsPerSecond).padStart(7)} req/s ${String(f.megabytesPerSecond).padStart(6)} MB/s  p50 ${f.p50Ms.toFixed(2).padStart(6)} ms  p99 ${f.p99Ms.toFixed(2).padStart(7)} ms` +
        (base
          ? `   ${ratio(f.requestsPerSecond, base.requestsPerSecond)}x req/s, p99 ${f.p99Ms - base.p99Ms >= 0 ? '+' : ''}${(f.p99Ms - base.p99Ms).toFixed(2)} ms`
          : '')
      : '';
  console.log(
    `\nload average ${loadBefore.map((v) => v.toFixed(1)).join(' ')} -> ${os
      .loadavg()
      .map((v) => v.toFixed(1))
      .join(' ')}`,
  );
  for (const [title, figures] of [
    ['(1) 50 KB cache hits', hits50],
    ['(1) 500 KB cache hits', hits500],
    ['(2) manifests', manifests],
  ] as const) {
    console.log(title);
    for (const name of Object.keys(figures))
      console.log(line(name, figures[name], name === 'nginx' ? undefined : figures['nginx']));
  }
  console.log(
    `(3) herd of 200: ${herdPair.storageReads} storage read(s) with 2 workers + Redis, ${herdSingle.storageReads} with 1 process; ${herdPair.ok + herdSingle.ok}/400 answered 200`,
  );
  for (const z of zipf)
    console.log(
      `(4) Zipf alpha ${z.alpha}: origin ${z.originReadsPer1000} reads/1000, LRU ${z.lruReadsPer1000}/1000 -> ${z.ratio}x (${z.failures} failed)`,
    );
  console.log(
    `(5) ${idle.stillOpen} idle connections: ${idle.bytesPerConnection} B RSS (${idle.heapBytesPerConnection} B heap) each; throughput ${idle.requestsPerSecondDuring} vs ${idle.requestsPerSecondBefore} req/s (${idle.throughputKept}x)`,
  );
  console.log(
    `(6) Redis killed mid-run: ${redisKill.failedRequests} failed of ${redisKill.requests}; ${redisKill.redisHitsAfterRestart} Redis hits after its restart`,
  );
  console.log(`\nwrote ${path.join('test/bench/results', 'origin.json')} and origin.svg`);
} finally {
  await nginx.stop();
  await stack.stop();
  await cacheRedis.stop();
  await mirror.remove();
}
