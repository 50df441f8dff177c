import type { Migration } from 'kysely';
import * as createAssets from './2026-11-26-0001-create-assets.js';

/**
 * Every catalog migration by name, imported statically so a build (or a bundle) carries them: nothing scans
 * the filesystem at run time. Names sort in the order they apply and never change once released; add new
 * migrations at the end with a later date.
 */
export const catalogMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '2026-11-26-0001-create-assets': createAssets,
});
