/**
 * The image, as far as it can be checked without a Docker engine: what the final stage contains and runs,
 * that the build context carries every source file the processes load, that production code needs no dev
 * dependency (the final stage has none), and that the HEALTHCHECK passes on a live process and fails
 * without one.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../packager/platform/free-port.js';
import { startOpsServer, type OpsServer } from '../../workers/ops-server.js';
import { repoRoot } from './compose-model.js';
import { listFiles, readDockerfile, readDockerignore, type Stage } from './dockerfile-model.js';

const run = promisify(execFile);
const { args, stages } = readDockerfile();
const finalStage = stages.at(-1) as Stage;
const instructions = (stage: Stage, keyword: string) =>
  stage.instructions
    .filter((instruction) => instruction.keyword === keyword)
    .map((instruction) => instruction.args);
const packageJson = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};
const CODE_FOLDERS = ['manifests', 'packager', 'origin', 'workers'];

describe('Dockerfile', () => {
  it('builds on Debian bookworm with Node 20 in every stage', () => {
    expect(args.map((arg) => arg.args)).toContain('NODE_IMAGE=node:20-bookworm-slim');
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.from).toBe('${NODE_IMAGE}');
  });

  it('copies node_modules only from a stage that installed production dependencies', () => {
    const copies = instructions(finalStage, 'COPY').filter((copy) => copy.includes('node_modules'));
    expect(copies).toHaveLength(1);
    const sourceStage = /--from=(\S+)/.exec(copies[0] ?? '')?.[1];
    const deps = stages.find((stage) => stage.name === sourceStage);
    expect(deps, `stage ${sourceStage}`).toBeDefined();
    expect(instructions(deps as Stage, 'RUN').join(' ')).toMatch(/npm ci [^&]*--omit=dev/);
    expect(instructions(finalStage, 'RUN').join(' ')).not.toMatch(/npm (ci|install)/);
  });

  it('installs ffmpeg and runs as a non-root user', () => {
    expect(instructions(finalStage, 'RUN').join(' ')).toMatch(/apt-get install [^&]*\bffmpeg\b/);
    const user = instructions(finalStage, 'USER').at(-1) ?? '';
    expect(user).toMatch(/^[1-9]\d*(:\d+)?$/);
  });

  it('starts the origin by default, exactly as npm run start:origin does', () => {
    const entry = /^tsx (\S+)$/.exec(packageJson.scripts['start:origin'] ?? '')?.[1];
    expect(JSON.parse(instructions(finalStage, 'CMD').at(-1) ?? '[]')).toEqual([
      'node',
      '--import',
      'tsx',
      entry,
    ]);
  });

  it('copies the code folders and the files tsx needs', () => {
    const copied = instructions(finalStage, 'COPY')
      .filter((copy) => !copy.startsWith('--from'))
      .flatMap((copy) => copy.split(' ').slice(0, -1));
    expect(copied).toEqual(
      expect.arrayContaining([...CODE_FOLDERS, 'package.json', 'package-lock.json', 'tsconfig.json']),
    );
  });
});

describe('.dockerignore', () => {
  const included = readDockerignore();

  it('sends every source file of the processes into the build, and no tests, data or secrets', () => {
    const sources = CODE_FOLDERS.flatMap(listFiles).filter(
      (file) => !file.endsWith('.test.ts') && !file.startsWith('origin/testing/'),
    );
    expect(sources.length).toBeGreaterThan(50);
    expect(sources.filter((file) => !included(file))).toEqual([]);
    for (const file of ['package.json', 'package-lock.json', 'tsconfig.json'])
      expect(included(file), file).toBe(true);
    for (const file of [
      'origin/app.test.ts',
      'test/e2e/all-in-one.test.ts',
      'node_modules/zod/package.json',
    ]) {
      expect(included(file), file).toBe(false);
    }
    for (const file of ['data/catalog/PG_VERSION', '.env', '.git/config', 'compose.yaml']) {
      expect(included(file), file).toBe(false);
    }
  });
});

describe('production code and the final stage', () => {
  it('imports no package outside "dependencies" (the image has no dev dependencies)', () => {
    const builtins = new Set(builtinModules);
    const imported = new Map<string, string>();
    const files = CODE_FOLDERS.flatMap(listFiles).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.includes('/testing/'),
    );
    for (const file of files) {
      const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
      const specifiers = [
        ...text.matchAll(/^import (?!type )[^;]*?from '([^']+)'/gms),
        ...text.matchAll(/^export [^;]*? from '([^']+)'/gms),
        ...text.matchAll(/import\('([^']+)'\)/g),
        ...text.matchAll(/resolve\w*\('([^']+)'\)/g),
      ].map((match) => match[1] ?? '');
      for (const specifier of specifiers) {
        if (specifier.startsWith('.') || specifier.startsWith('node:') || builtins.has(specifier)) continue;
        const name = specifier.startsWith('@')
          ? specifier.split('/').slice(0, 2).join('/')
          : specifier.split('/')[0];
        imported.set(name ?? specifier, file);
      }
    }
    imported.set('tsx', 'Dockerfile (node --import tsx)');
    expect(imported.size).toBeGreaterThan(5);
    const missing = [...imported].filter(([name]) => !(name in packageJson.dependencies));
    expect(missing, 'imported by production code but not in "dependencies"').toEqual([]);
  });
});

describe('HEALTHCHECK', () => {
  const healthcheck = instructions(finalStage, 'HEALTHCHECK').at(-1) ?? '';
  const command = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD ') + 4)) as string[];
  const probe = (env: Record<string, string>) =>
    run(command[0] ?? 'node', command.slice(1), {
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: 20_000,
    }).then(
      () => 0,
      (error: { code?: number }) => error.code ?? -1,
    );
  let worker: OpsServer;
  let workerPort: number;
  let failing: http.Server;
  let failingPort: number;
  let closedPort: number;

  beforeAll(async () => {
    [workerPort, failingPort, closedPort] = await Promise.all([
      findFreePort(),
      findFreePort(),
      findFreePort(),
    ]);
    worker = await startOpsServer({
      port: workerPort,
      host: '127.0.0.1',
      registry: new Registry(),
      readiness: async () => true,
    });
    failing = http.createServer((_, response) => response.writeHead(503).end());
    await new Promise<void>((resolve) => failing.listen(failingPort, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await worker?.close();
    await new Promise((resolve) => failing?.close(resolve));
  });

  it('is a node one-liner that needs no curl in the image', () => {
    expect(command.slice(0, 2)).toEqual(['node', '-e']);
  });

  it('passes on a worker answering /healthz on WORKER_METRICS_PORT', async () => {
    expect(await probe({ PORT: String(closedPort), WORKER_METRICS_PORT: String(workerPort) })).toBe(0);
  });

  it('passes on a process answering /healthz on PORT', async () => {
    expect(await probe({ PORT: String(workerPort), WORKER_METRICS_PORT: String(closedPort) })).toBe(0);
  });

  it('fails when nothing listens, or when /healthz answers an error', async () => {
    expect(await probe({ PORT: String(closedPort), WORKER_METRICS_PORT: String(closedPort) })).toBe(1);
    expect(await probe({ PORT: String(failingPort), WORKER_METRICS_PORT: String(closedPort) })).toBe(1);
  });
});
