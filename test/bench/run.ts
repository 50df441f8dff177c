/**
 * `npm run bench [-- name...]`: runs every `test/bench/*.bench.ts` (or the named ones) one after another, each
 * in its own process so they never share a heap or an event loop. Each benchmark prints its own table, writes
 * its JSON under test/bench/results/, and measures its baseline in the same run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const suites = fs
  .readdirSync(benchDir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(name)))
  .sort();
if (suites.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ')}`);
  process.exit(1);
}
fs.mkdirSync(path.join(benchDir, 'results'), { recursive: true });
let failed = 0;
for (const suite of suites) {
  console.log(`\n=== ${suite} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, suite)], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
