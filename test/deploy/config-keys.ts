/**
 * Which environment variables the config module knows, found by asking it: a key is known when setting it
 * changes what `loadConfig` returns (a different value or a reported problem). Nothing to keep in sync with
 * packager/platform/config.ts, so a renamed or removed variable fails the deployment tests at once.
 */
import { isDeepStrictEqual } from 'node:util';
import { loadConfig } from '../../packager/platform/config.js';

/** S3 on, so that the S3_* variables show in the result; every value valid. */
const BASELINE: Readonly<Record<string, string>> = {
  S3_ENDPOINT: 'http://s3.baseline.invalid:9000',
  S3_ACCESS_KEY: 'baseline-access',
  S3_SECRET_KEY: 'baseline-secret',
};
const PROBE_VALUE = 'zz-probe-value';
const PROBE_CWD = '/probe-cwd';

export function isKnownConfigKey(key: string): boolean {
  const baseline = loadConfig(BASELINE, PROBE_CWD);
  const probed = loadConfig({ ...BASELINE, [key]: PROBE_VALUE }, PROBE_CWD);
  return !isDeepStrictEqual(baseline, probed);
}

export function unknownConfigKeys(env: Readonly<Record<string, string>>): string[] {
  return Object.keys(env).filter((key) => !isKnownConfigKey(key));
}
