/**
 * `helm lint` and `helm template` on the chart, when a helm binary is on PATH (this machine and CI have
 * none, so the suite is skipped there, with the reason in its name). The rendered Deployments are fed to
 * the config module exactly as the kubelet would assemble their environment.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../packager/platform/config.js';
import { chartDir } from './chart-model.js';

const run = promisify(execFile);
const helmPath = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v helm'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
})();
const ciValues = path.join(chartDir, 'ci', 'test-values.yaml');
if (helmPath === null)
  console.info('helm-render: no helm binary on PATH, so helm lint and helm template are skipped');

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
}
interface Container {
  name: string;
  command: string[];
  env?: EnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string } }>;
  ports?: Array<{ name: string; containerPort: number }>;
  readinessProbe?: { httpGet: { path: string; port: string } };
  livenessProbe?: { httpGet: { path: string; port: string } };
  resources?: { requests?: Record<string, string> };
  securityContext?: { readOnlyRootFilesystem?: boolean };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
interface Manifest {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: {
    template?: {
      spec: {
        containers: Container[];
        terminationGracePeriodSeconds?: number;
        securityContext?: { runAsNonRoot?: boolean };
      };
    };
    triggers?: Array<{ metadata: { listName: string } }>;
  };
}

async function render(...args: string[]): Promise<Manifest[]> {
  const { stdout } = await run(helmPath ?? 'helm', ['template', 'scalacast', chartDir, ...args], {
    maxBuffer: 1 << 24,
  });
  return parseAllDocuments(stdout)
    .map((document) => document.toJS() as Manifest | null)
    .filter((manifest): manifest is Manifest => manifest !== null);
}

/** The container's environment as the kubelet assembles it from env, ConfigMaps and Secrets. */
function environmentOf(container: Container, manifests: Manifest[]): Record<string, string> {
  const find = (kind: string, name: string) =>
    manifests.find((m) => m.kind === kind && m.metadata.name === name);
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? [])
    Object.assign(env, find('ConfigMap', source.configMapRef?.name ?? '')?.data);
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef;
    const value = ref ? find('Secret', ref.name)?.stringData?.[ref.key] : variable.value;
    if (value === undefined && !ref?.optional)
      throw new Error(`${container.name}: ${variable.name} resolves to nothing`);
    if (value !== undefined) env[variable.name] = value;
  }
  return env;
}

describe.skipIf(helmPath === null)(
  `helm lint and helm template (${helmPath ?? 'skipped: no helm binary on PATH'})`,
  () => {
    it('lints clean, with the defaults and with every option on', async () => {
      await run(helmPath ?? 'helm', ['lint', '--strict', chartDir, '-f', ciValues]);
      const { stdout } = await run(helmPath ?? 'helm', ['lint', chartDir]);
      expect(stdout).toContain('0 chart(s) failed');
    });

    it('refuses to render without the connection strings, naming the value to set', async () => {
      await expect(render()).rejects.toThrow(/secrets\.databaseUrl is required/);
    });

    it('gives origins and workers an environment the config module accepts', async () => {
      const manifests = await render('-f', ciValues);
      const deployments = manifests.filter((m) => m.kind === 'Deployment');
      expect(deployments.map((d) => d.metadata.name).sort()).toEqual([
        'scalacast-origin',
        'scalacast-worker',
      ]);
      for (const deployment of deployments) {
        const pod = deployment.spec?.template?.spec;
        const [container] = pod?.containers ?? [];
        if (!pod || !container) throw new Error(`${deployment.metadata.name} has no container`);
        const result = loadConfig(environmentOf(container, manifests), '/app');
        if (!result.ok) throw new Error(`${deployment.metadata.name}: ${result.problems.join('; ')}`);
        const { config } = result;
        expect([config.databaseUrl, config.redisUrl, config.s3?.endpoint].every(Boolean)).toBe(true);
        expect(config.host).toBe('0.0.0.0');
        const listening = container.name === 'origin' ? config.port : config.workerMetricsPort;
        const named = (port: string | undefined) =>
          container.ports?.find((p) => p.name === port)?.containerPort;
        expect(named(container.readinessProbe?.httpGet.port)).toBe(listening);
        expect(named(container.livenessProbe?.httpGet.port)).toBe(listening);
        expect(container.readinessProbe?.httpGet.path).toBe('/readyz');
        expect(container.livenessProbe?.httpGet.path).toBe('/healthz');
        expect((pod.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(config.shutdownGraceMs);
        expect(pod.securityContext?.runAsNonRoot).toBe(true);
        expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
        expect(Object.keys(container.resources?.requests ?? {})).toEqual(
          expect.arrayContaining(['cpu', 'memory']),
        );
        const mounts = (container.volumeMounts ?? []).map((mount) => mount.mountPath);
        expect(mounts.some((mount) => config.tmpDir.startsWith(`${mount}/`))).toBe(true);
        expect(mounts.some((mount) => config.dataDir === mount)).toBe(true);
      }
    });

    it('migrates in a pre-install/pre-upgrade hook Job that has its DATABASE_URL', async () => {
      const manifests = await render('-f', ciValues);
      const job = manifests.find((m) => m.kind === 'Job');
      expect(job?.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
      const [container] = job?.spec?.template?.spec.containers ?? [];
      expect(container?.command).toEqual(['npm', 'run', 'migrate']);
      const env = environmentOf(container as Container, manifests);
      const result = loadConfig(env, '/app');
      expect(result.ok && result.config.databaseUrl).toBe(
        'postgres://scalacast:secret@postgres.example.internal:5432/scalacast',
      );
      const secretName = container?.env?.find((v) => v.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef
        ?.name;
      const secret = manifests.find((m) => m.kind === 'Secret' && m.metadata.name === secretName);
      expect(Number(secret?.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(
        Number(job?.metadata.annotations?.['helm.sh/hook-weight']),
      );
    });

    it('scales workers on the queue lists and ships the same dashboard file compose provisions', async () => {
      const manifests = await render('-f', ciValues, '--set', 'config.queuePrefix=tenant-a');
      const scaled = manifests.find((m) => m.kind === 'ScaledObject');
      expect(scaled?.spec?.triggers?.map((trigger) => trigger.metadata.listName)).toEqual([
        'tenant-a:packaging:wait',
        'tenant-a:packaging:active',
      ]);
      const dashboard = manifests.find(
        (m) => m.kind === 'ConfigMap' && m.metadata.name.endsWith('-dashboard'),
      );
      const file = fs.readFileSync(
        path.join(chartDir, 'files', 'grafana', 'scalacast-dashboard.json'),
        'utf8',
      );
      expect(JSON.parse(dashboard?.data?.['scalacast-dashboard.json'] ?? 'null')).toEqual(JSON.parse(file));
    });
  },
);
