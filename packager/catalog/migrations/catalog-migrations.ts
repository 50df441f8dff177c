import type { Migration } from 'kysely';
import * as createAssets from './2026-11-26-0001-create-assets.js';
import * as publisherApi from './2026-11-28-0003-publisher-api.js';
import * as addPlaybackPolicy from './2026-11-26-0002-add-playback-policy.js';
import * as adminReads from './2026-11-30-0005-admin-reads.js';

/**
 * Every catalog migration by name, imported statically so a build (or a bundle) carries them: nothing scans
 * the filesystem at run time. Names sort in the order they apply and never change once released; add new
 * migrations at the end with a later date.
 */
export const catalogMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '2026-11-26-0001-create-assets': createAssets,
  '2026-11-28-0003-publisher-api': publisherApi,
  '2026-11-26-0002-add-playback-policy': addPlaybackPolicy,
  '2026-11-30-0005-admin-reads': adminReads,
});
