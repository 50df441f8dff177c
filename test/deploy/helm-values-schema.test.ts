/**
 * values.schema.json (what `helm install` validates values against) checked with ajv: the chart's own
 * values.yaml and the CI values pass, and the mistakes it exists to catch are refused.
 */
import { Ajv } from 'ajv';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chartDir, readValues } from './chart-model.js';

const schema = JSON.parse(fs.readFileSync(path.join(chartDir, 'values.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
const defaults = readValues();

/** Helm validates the defaults merged with the user's values; a deep merge of plain objects does the same. */
function merged(base: unknown, override: unknown): unknown {
  if (!isObject(base) || !isObject(override)) return override;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) result[key] = merged(base[key], value);
  return result;
}
const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const errorsOf = (overrides: unknown) => {
  validate(merged(defaults, overrides));
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
};

describe('values.schema.json', () => {
  it('accepts the chart defaults', () => {
    expect(errorsOf({})).toEqual([]);
  });

  it('accepts the CI values (every option on)', () => {
    const ci = parse(fs.readFileSync(path.join(chartDir, 'ci', 'test-values.yaml'), 'utf8')) as unknown;
    expect(errorsOf(ci)).toEqual([]);
  });

  it.each([
    ['an unknown key (a typo)', { origin: { replica: 3 } }, '/origin must NOT have additional properties'],
    [
      'a database URL of another engine',
      { secrets: { databaseUrl: 'mysql://db/x' } },
      '/secrets/databaseUrl',
    ],
    [
      'a grace period the config module refuses',
      { worker: { shutdownGraceSeconds: 900 } },
      '/worker/shutdownGraceSeconds',
    ],
    ['a queue prefix with a colon', { config: { queuePrefix: 'a:b' } }, '/config/queuePrefix'],
    ['running as root', { podSecurityContext: { runAsNonRoot: false } }, '/podSecurityContext/runAsNonRoot'],
    ['an invalid bucket name', { s3: { bucket: 'Not_A_Bucket' } }, '/s3/bucket'],
    ['a short bootstrap key', { secrets: { bootstrapKey: 'short' } }, '/secrets/bootstrapKey'],
    ['a string where a number belongs', { origin: { port: '8080' } }, '/origin/port'],
    [
      'a KEDA address that is a URL',
      { worker: { keda: { redis: { address: 'redis://r:6379' } } } },
      '/worker/keda/redis/address',
    ],
  ])('refuses %s', (_, overrides, expected) => {
    expect(errorsOf(overrides).join('\n')).toContain(expected);
  });
});
