#!/usr/bin/env node
/* global process */
// The `scalacast` command (package.json "bin"): runs the TypeScript CLI through tsx, as every ScalaCast
// process runs its sources, so what the tests exercise is what users run.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./scalacast.ts');
process.exitCode = await main(process.argv.slice(2), process.env);
