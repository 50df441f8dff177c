/**
 * compose.yaml against the code it runs: every ScalaCast service's command is the entry its npm script
 * names, its environment is one the config module accepts (no unknown variable, nothing it needs missing),
 * and the ports it listens on are the ones the healthchecks, the edge and Prometheus use.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, type Config } from '../../packager/platform/config.js';
import {
  bindMounts,
  commandOf,
  dependencies,
  durationMs,
  hasHealthcheck,
  healthcheckPorts,
  loadCompose,
  repoRoot,
  serviceEnv,
  type ComposeService,
} from './compose-model.js';
import { unknownConfigKeys } from './config-keys.js';

const compose = loadCompose();
const services = Object.entries(compose.services);
const packageJson = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

const entryOfScript = (script: string) => /^tsx (\S+\.ts)$/.exec(packageJson.scripts[script] ?? '')?.[1];
const runs = (entry: string) => services.filter(([, service]) => commandOf(service).includes(entry));
const origins = runs('origin/main.ts');
const workers = runs('workers/main.ts');
const migrations = services.filter(([, service]) => commandOf(service).join(' ') === 'npm run migrate');
const scalacastServices = [...origins, ...workers, ...migrations];

function configOf(name: string, service: ComposeService): Config {
  const result = loadConfig(serviceEnv(service), '/app');
  if (!result.ok)
    throw new Error(`${name}: the config module refuses its environment: ${result.problems.join('; ')}`);
  return result.config;
}

const hostOf = (url: string | undefined) => (url === undefined ? undefined : new URL(url).hostname);

describe('compose.yaml: the ScalaCast services', () => {
  it('runs two origins, two workers and one migration, all from the one image', () => {
    expect(origins.length).toBeGreaterThanOrEqual(2);
    expect(workers.length).toBeGreaterThanOrEqual(2);
    expect(migrations).toHaveLength(1);
    expect(new Set(scalacastServices.map(([, service]) => service.image)).size).toBe(1);
  });

  it('starts the entries that npm run start:origin and start:worker start', () => {
    for (const [script, group] of [
      ['start:origin', origins],
      ['start:worker', workers],
    ] as const) {
      const entry = entryOfScript(script);
      expect(entry, `package.json script ${script}`).toBeDefined();
      expect(fs.existsSync(path.join(repoRoot, entry ?? ''))).toBe(true);
      for (const [, service] of group) expect(commandOf(service)).toEqual(['node', '--import', 'tsx', entry]);
    }
  });

  it('runs migrations through an npm script that exists', () => {
    expect(packageJson.scripts.migrate, 'package.json needs a "migrate" script').toBeDefined();
  });

  it('sets only environment variables the config module knows', () => {
    for (const [name, service] of scalacastServices) {
      expect(unknownConfigKeys(serviceEnv(service)), name).toEqual([]);
    }
  });

  it('gives origins and workers everything a production process needs', () => {
    for (const [name, service] of [...origins, ...workers]) {
      const config = configOf(name, service);
      expect(config.databaseUrl, `${name}: DATABASE_URL`).toBeDefined();
      expect(config.redisUrl, `${name}: REDIS_URL`).toBeDefined();
      expect(config.s3, `${name}: S3_* (a filesystem store is not shared between containers)`).toBeDefined();
      expect(config.host, `${name}: HOST must accept connections from other containers`).toBe('0.0.0.0');
    }
    for (const [name, service] of origins) expect(configOf(name, service).redisCacheUrl, name).toBeDefined();
    const [, migrate] = migrations[0] ?? [];
    expect(configOf('migrate', migrate ?? {}).databaseUrl).toBeDefined();
  });

  it('points every process at the same engines and queue', () => {
    const shared = (config: Config) => ({
      databaseUrl: config.databaseUrl,
      redisUrl: config.redisUrl,
      s3: config.s3,
      queuePrefix: config.queuePrefix,
    });
    const [first, ...rest] = [...origins, ...workers].map(([name, service]) =>
      shared(configOf(name, service)),
    );
    for (const other of rest) expect(other).toEqual(first);
    const [, migrate] = migrations[0] ?? [];
    expect(configOf('migrate', migrate ?? {}).databaseUrl).toBe(first?.databaseUrl);
  });

  it('lets SIGTERM drain before Docker kills: stop_grace_period exceeds SHUTDOWN_GRACE_MS', () => {
    for (const [name, service] of [...origins, ...workers]) {
      const graceMs = configOf(name, service).shutdownGraceMs;
      expect(durationMs(service.stop_grace_period ?? '10s'), name).toBeGreaterThan(graceMs);
    }
  });
});

describe('compose.yaml: engines', () => {
  const [origin] = origins.map(([name, service]) => configOf(name, service));
  const commandText = (name: string) => commandOf(compose.services[name] ?? {}).join(' ');

  it('connects to engines that are services of this file', () => {
    for (const url of [origin?.databaseUrl, origin?.redisUrl, origin?.redisCacheUrl, origin?.s3?.endpoint]) {
      expect(Object.keys(compose.services)).toContain(hostOf(url));
    }
  });

  it('runs the queue Redis with noeviction and AOF, the cache Redis with allkeys-lru and a maxmemory', () => {
    const queue = commandText(hostOf(origin?.redisUrl) ?? '');
    expect(queue).toContain('--maxmemory-policy noeviction');
    expect(queue).toContain('--appendonly yes');
    const cache = commandText(hostOf(origin?.redisCacheUrl) ?? '');
    expect(cache).toContain('--maxmemory-policy allkeys-lru');
    expect(cache).toMatch(/--maxmemory \d+/);
    expect(origin?.redisUrl).not.toBe(origin?.redisCacheUrl);
  });

  it('creates the bucket the processes use', () => {
    const creators = services.filter(([, service]) => commandOf(service).includes('mb'));
    expect(creators.map(([, service]) => commandOf(service).at(-1))).toContain(
      `target/${origin?.s3?.bucket}`,
    );
  });
});

describe('compose.yaml: health and start order', () => {
  it('gives every long-running service a healthcheck', () => {
    for (const [name, service] of services) {
      if (service.restart === 'no') continue;
      expect(hasHealthcheck(service), `${name} has no healthcheck`).toBe(true);
    }
  });

  it('waits on healthy services and on one-shot services that completed', () => {
    for (const [name, service] of services) {
      for (const { target, condition } of dependencies(service)) {
        const dependency = compose.services[target];
        expect(dependency, `${name} depends on missing service ${target}`).toBeDefined();
        if (condition === 'service_completed_successfully') {
          expect(dependency?.restart, `${name} -> ${target}: only one-shot services complete`).toBe('no');
        } else {
          expect(condition, `${name} -> ${target}`).toBe('service_healthy');
          expect(hasHealthcheck(dependency ?? {}), `${name} -> ${target} has no healthcheck`).toBe(true);
        }
      }
    }
  });

  it('starts origins and workers only after the migration and the engines they use', () => {
    for (const [name, service] of [...origins, ...workers]) {
      const config = configOf(name, service);
      const waitsFor = new Map(dependencies(service).map(({ target, condition }) => [target, condition]));
      expect(waitsFor.get(migrations[0]?.[0] ?? ''), name).toBe('service_completed_successfully');
      for (const url of [config.databaseUrl, config.redisUrl, config.s3?.endpoint]) {
        expect(waitsFor.get(hostOf(url) ?? ''), `${name} -> ${url}`).toBe('service_healthy');
      }
    }
  });

  it('health-checks each process on the port it listens on', () => {
    for (const [name, service] of origins)
      expect(healthcheckPorts(service), name).toEqual([configOf(name, service).port]);
    for (const [name, service] of workers) {
      expect(healthcheckPorts(service), name).toEqual([configOf(name, service).workerMetricsPort]);
    }
  });

  it('mounts only files that exist', () => {
    for (const [name, service] of services) {
      for (const [source] of bindMounts(service))
        expect(fs.existsSync(source), `${name}: ${source}`).toBe(true);
    }
  });
});

describe('compose.yaml: edge and Prometheus', () => {
  const mounted = (service: string, target: string) =>
    bindMounts(compose.services[service] ?? {}).find(([, to]) => to === target)?.[0] ?? '';
  const originTargets = origins.map(([name, service]) => `${name}:${configOf(name, service).port}`).sort();
  const workerTargets = workers
    .map(([name, service]) => `${name}:${configOf(name, service).workerMetricsPort}`)
    .sort();

  it('balances over every origin, on its port, once all are healthy', () => {
    const nginx = fs.readFileSync(mounted('edge', '/etc/nginx/conf.d/default.conf'), 'utf8');
    const upstreams = [...nginx.matchAll(/^\s*server\s+(\S+:\d+)\b/gm)].map((match) => match[1]).sort();
    expect(upstreams).toEqual(originTargets);
    const waitsFor = dependencies(compose.services.edge ?? {});
    expect(waitsFor.map(({ target }) => target).sort()).toEqual(origins.map(([name]) => name).sort());
  });

  it('scrapes every origin and worker on its metrics port', () => {
    const prometheus = parse(
      fs.readFileSync(mounted('prometheus', '/etc/prometheus/prometheus.yml'), 'utf8'),
    ) as {
      scrape_configs: Array<{
        job_name: string;
        metrics_path?: string;
        static_configs: Array<{ targets: string[] }>;
      }>;
    };
    const targetsOf = (job: string) => {
      const config = prometheus.scrape_configs.find((scrape) => scrape.job_name === job);
      expect(config?.metrics_path ?? '/metrics').toBe('/metrics');
      return (config?.static_configs ?? []).flatMap((entry) => entry.targets).sort();
    };
    expect(targetsOf('scalacast-origin')).toEqual(originTargets);
    expect(targetsOf('scalacast-worker')).toEqual(workerTargets);
  });

  it('provisions Grafana with the Prometheus data source and the ScalaCast dashboard', () => {
    const datasources = parse(
      fs.readFileSync(mounted('grafana', '/etc/grafana/provisioning/datasources/scalacast.yaml'), 'utf8'),
    ) as { datasources: Array<{ uid: string; url: string }> };
    expect(datasources.datasources.map((source) => [source.uid, source.url])).toEqual([
      ['prometheus', 'http://prometheus:9090'],
    ]);
    const providers = parse(
      fs.readFileSync(mounted('grafana', '/etc/grafana/provisioning/dashboards/scalacast.yaml'), 'utf8'),
    ) as { providers: Array<{ options: { path: string } }> };
    const dashboardsDir = mounted('grafana', providers.providers[0]?.options.path ?? '');
    expect(fs.existsSync(path.join(dashboardsDir, 'scalacast-dashboard.json'))).toBe(true);
  });
});
