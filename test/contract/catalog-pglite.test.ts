import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDatabase, createPgliteDatabaseOn } from '../../packager/catalog/database.js';
import { createKyselyCatalog } from '../../packager/catalog/kysely-catalog.js';
import { migrateToLatest } from '../../packager/catalog/migrate.js';
import { catalogMigrations } from '../../packager/catalog/migrations/catalog-migrations.js';

const clock = { nowMs: () => Date.now() };
const migrationNames = Object.keys(catalogMigrations).sort();

describe('PGlite catalog database', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'scalacast-pglite-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('migrates a data folder once and finds the assets again after reopening it', async () => {
    const folder = path.join(dataDir, 'catalog');
    const db = await createPgliteDatabase(folder);
    expect([...(await migrateToLatest(db)).applied].sort()).toEqual(migrationNames);
    const catalog = createKyselyCatalog({ db, clock });
    await catalog.createAsset({ id: 'a'.repeat(20), title: 'kept', sourceKey: 'k', sourceSizeBytes: 1 });
    await catalog.close();

    const reopened = await createPgliteDatabase(folder);
    expect(await migrateToLatest(reopened)).toEqual({ applied: [] });
    const again = createKyselyCatalog({ db: reopened, clock });
    expect(await again.getAsset('a'.repeat(20))).toMatchObject({ title: 'kept', status: 'queued' });
    await again.close();
  });

  it('lets concurrent migrateToLatest calls on one instance both succeed, applying each migration once', async () => {
    const pglite = await PGlite.create('memory://');
    const db = createPgliteDatabaseOn(pglite);
    try {
      const reports = await Promise.all([migrateToLatest(db), migrateToLatest(db)]);
      expect(reports.flatMap((report) => report.applied).sort()).toEqual(migrationNames);
    } finally {
      await db.destroy();
      expect(pglite.closed).toBe(false); // a borrowed PGlite stays open for its owner
      await pglite.close();
    }
  });
});
