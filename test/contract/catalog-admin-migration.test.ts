/** Migration 0005 fills in the packaged size of assets committed before it, so storage figures add up. */
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { createPgliteDatabaseOn } from '../../packager/catalog/database.js';
import { createKyselyCatalog } from '../../packager/catalog/kysely-catalog.js';
import { migrateToLatest } from '../../packager/catalog/migrate.js';
import { catalogMigrations } from '../../packager/catalog/migrations/catalog-migrations.js';
import { presentationSizeBytes } from '../../packager/domain/presentation-size.js';
import { presentation } from './catalog-fixtures.js';

const ADMIN_READS = '2026-11-30-0005-admin-reads';

describe('migration 0005 (admin reads)', () => {
  it('backfills the packaged size of committed assets and leaves the others null', async () => {
    const pglite = await PGlite.create('memory://');
    const db = createPgliteDatabaseOn(pglite);
    try {
      const before = Object.fromEntries(
        Object.entries(catalogMigrations).filter(([name]) => name < ADMIN_READS),
      );
      await migrateToLatest(db, undefined, before);
      const row = (id: string, committed: boolean) => ({
        id,
        title: id,
        status: committed ? ('ready' as const) : ('queued' as const),
        progress: committed ? 100 : 0,
        source_key: `assets/${id}/source`,
        source_size_bytes: 100,
        current_revision: committed ? 1 : null,
        presentation: committed ? JSON.stringify(presentation()) : null,
        created_at: new Date(),
        updated_at: new Date(),
      });
      await db
        .insertInto('assets')
        .values([row('r'.repeat(20), true), row('q'.repeat(20), false)])
        .execute();

      expect((await migrateToLatest(db)).applied).toContain(ADMIN_READS);
      const sizes = await db
        .selectFrom('assets')
        .select(['id', 'packaged_size_bytes'])
        .orderBy('id')
        .execute();
      expect(
        sizes.map((size) => [
          size.id[0],
          size.packaged_size_bytes === null ? null : Number(size.packaged_size_bytes),
        ]),
      ).toEqual([
        ['q', null],
        ['r', presentationSizeBytes(presentation())],
      ]);
      const catalog = createKyselyCatalog({ db, clock: { nowMs: () => Date.now() } });
      expect(await catalog.summarizeAssets()).toMatchObject({
        packagedSizeBytes: 180_000,
        sourceSizeBytes: 200,
      });
      await catalog.close();
    } finally {
      await pglite.close();
    }
  });
});
