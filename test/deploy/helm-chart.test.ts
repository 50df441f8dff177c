/**
 * The Helm chart checked without a helm binary: templates read only values that exist, every value is
 * documented, the processes get every variable the config module needs (and none it does not know), and the
 * KEDA trigger watches the Redis keys BullMQ really uses for our queue (on a real redis-server).
 */
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMap, isScalar, parseDocument, type Node } from 'yaml';
import { PACKAGING_QUEUE } from '../../packager/queue/contract.js';
import { createBullmqJobQueue } from '../../packager/queue/bullmq-job-queue.js';
import { startRedis, uniquePrefix, type TestRedis } from '../setup/redis.js';
import { waitFor } from '../setup/wait-for.js';
import {
  chartDir,
  configMapKeys,
  definedTemplate,
  envNamesIn,
  hasPath,
  readTemplates,
  readValues,
  valuesPathsUsed,
} from './chart-model.js';
import { isKnownConfigKey } from './config-keys.js';

const templates = readTemplates();
const values = readValues();
const template = (file: string) => templates.get(file) ?? '';
const helpers = template('_helpers.tpl');
const sharedEnv = new Set([
  ...configMapKeys(template('configmap.yaml')),
  ...envNamesIn(definedTemplate(helpers, 'scalacast.secretEnv')),
]);
const envOf = (file: string) => new Set([...sharedEnv, ...envNamesIn(template(file))]);

describe('chart templates and values.yaml', () => {
  it('read only values that values.yaml defines', () => {
    const used = valuesPathsUsed(templates);
    expect(used.length).toBeGreaterThan(40);
    expect(used.filter(({ path: dotted }) => !hasPath(values, dotted))).toEqual([]);
  });

  it('document every value with a comment', () => {
    const schema = JSON.parse(
      fs.readFileSync(path.join(chartDir, 'values.schema.json'), 'utf8'),
    ) as SchemaNode;
    const document = parseDocument(fs.readFileSync(path.join(chartDir, 'values.yaml'), 'utf8'));
    const undocumented: string[] = [];
    collectUndocumented(document.contents, schema, schema, '', undocumented);
    expect(undocumented).toEqual([]);
  });
});

interface SchemaNode {
  readonly properties?: Record<string, SchemaNode>;
  readonly additionalProperties?: boolean | SchemaNode;
  readonly $ref?: string;
  readonly definitions?: Record<string, SchemaNode>;
}

/**
 * A value with listed properties (additionalProperties false) is a section: each property needs a comment.
 * A shared type ($ref, e.g. resources or a probe) may be documented once on its key instead. Anything else
 * is a leaf and needs a comment. The yaml parser hangs a comment before a map's first key on the map.
 */
function collectUndocumented(
  node: Node | null,
  schema: SchemaNode,
  root: SchemaNode,
  at: string,
  out: string[],
) {
  if (!isMap(node)) return;
  node.items.forEach((pair, index) => {
    const key = isScalar(pair.key) ? String(pair.key.value) : '?';
    const commented =
      Boolean((pair.key as Node).commentBefore) || (index === 0 && Boolean(node.commentBefore));
    const own = schema.properties?.[key];
    const resolved = own?.$ref ? root.definitions?.[own.$ref.split('/').at(-1) ?? ''] : own;
    const dotted = at === '' ? key : `${at}.${key}`;
    const isSection = resolved?.properties !== undefined && resolved.additionalProperties === false;
    if (isSection && !(own?.$ref && commented))
      collectUndocumented(pair.value as Node, resolved, root, dotted, out);
    else if (!isSection && !commented) out.push(dotted);
  });
}

describe('environment the templates give the processes', () => {
  it('is made of variables the config module knows', () => {
    const all = new Set([
      ...envOf('origin-deployment.yaml'),
      ...envOf('worker-deployment.yaml'),
      ...envNamesIn(template('migrate-job.yaml')),
    ]);
    expect(all.size).toBeGreaterThan(10);
    expect([...all].filter((key) => !isKnownConfigKey(key))).toEqual([]);
  });

  it('includes what a production origin, worker and migration need', () => {
    const engines = [
      'DATABASE_URL',
      'REDIS_URL',
      'S3_ENDPOINT',
      'S3_ACCESS_KEY',
      'S3_SECRET_KEY',
      'S3_BUCKET',
      'S3_REGION',
    ];
    expect([...envOf('origin-deployment.yaml')]).toEqual(
      expect.arrayContaining([...engines, 'HOST', 'PORT', 'SHUTDOWN_GRACE_MS', 'REDIS_CACHE_URL']),
    );
    expect([...envOf('worker-deployment.yaml')]).toEqual(
      expect.arrayContaining([...engines, 'HOST', 'WORKER_METRICS_PORT', 'TMP_DIR', 'SHUTDOWN_GRACE_MS']),
    );
    expect([...envNamesIn(template('migrate-job.yaml'))]).toContain('DATABASE_URL');
  });

  it('listens on all interfaces and keeps TMP_DIR on the writable /tmp volume', () => {
    expect(template('configmap.yaml')).toMatch(/^ {2}HOST: "0\.0\.0\.0"$/m);
    expect(template('configmap.yaml')).toMatch(/^ {2}TMP_DIR: \/tmp\/\S+$/m);
    expect(definedTemplate(helpers, 'scalacast.volumeMounts')).toMatch(/mountPath: \/tmp$/m);
  });

  it('runs the processes npm run start:origin, start:worker and migrate run', () => {
    const scripts = (
      JSON.parse(fs.readFileSync(path.join(chartDir, '..', '..', 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    expect(scripts['start:origin']).toBe('tsx origin/main.ts');
    expect(template('origin-deployment.yaml')).toContain(
      'command: ["node", "--import", "tsx", "origin/main.ts"]',
    );
    expect(scripts['start:worker']).toBe('tsx workers/main.ts');
    expect(template('worker-deployment.yaml')).toContain(
      'command: ["node", "--import", "tsx", "workers/main.ts"]',
    );
    expect(scripts.migrate).toBeDefined();
    expect(template('migrate-job.yaml')).toContain('command: ["npm", "run", "migrate"]');
  });
});

describe('KEDA trigger and the BullMQ keys of the packaging queue', () => {
  let redis: TestRedis;
  let client: Redis;
  const listFormats = [
    ...template('worker-scaledobject.yaml').matchAll(/listName: \{\{ printf "([^"]+)" \$prefix/g),
  ].map((match) => match[1] ?? '');
  const listName = (prefix: string, state: string) =>
    listFormats.find((format) => format.endsWith(`:${state}`))?.replace('%s', prefix) ??
    `(no ${state} trigger)`;

  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redis.url, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    await client?.quit();
    await redis?.stop();
  });

  it('watches the list that holds waiting jobs, then the one that holds running jobs', async () => {
    expect(listFormats).toHaveLength(2);
    const prefix = uniquePrefix('keda');
    const queue = createBullmqJobQueue({ connection: client, prefix });
    await queue.enqueuePackageAsset({
      v: 1,
      assetId: 'A0123456789abcdefghi',
      revision: 1,
      sourceKey: 'sources/a',
    });
    expect(await client.type(listName(prefix, 'wait'))).toBe('list');
    expect(await client.llen(listName(prefix, 'wait'))).toBe(1);

    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const worker = new Worker(PACKAGING_QUEUE, () => held, { connection: client.duplicate(), prefix });
    try {
      await waitFor(async () => (await client.llen(listName(prefix, 'active'))) === 1, {
        what: 'the job to be active',
      });
      expect(await client.llen(listName(prefix, 'wait'))).toBe(0);
    } finally {
      release();
      await worker.close();
      await queue.close();
    }
  });
});
