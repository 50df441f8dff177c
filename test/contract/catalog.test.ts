import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll } from 'vitest';
import { createPgliteDatabaseOn, createPostgresDatabase } from '../../packager/catalog/database.js';
import { createKyselyCatalog } from '../../packager/catalog/kysely-catalog.js';
import { migrateToLatest } from '../../packager/catalog/migrate.js';
import { createMemoryCatalog } from '../fakes/memory-catalog.js';
import { startPostgres, type PostgresServer } from '../setup/postgres.js';
import { describeCatalogContract } from './catalog.contract.js';

// One PGlite for the whole file (its first start takes seconds), emptied before each test; one PostgreSQL
// server, with a fresh database per test.
let pglite: PGlite;
let postgres: PostgresServer;

beforeAll(async () => {
  [pglite, postgres] = await Promise.all([PGlite.create('memory://'), startPostgres()]);
  const db = createPgliteDatabaseOn(pglite);
  await migrateToLatest(db);
  await db.destroy();
});

afterAll(async () => {
  await Promise.all([pglite?.close(), postgres?.stop()]);
});

describeCatalogContract('in-memory fake', (clock) => Promise.resolve(createMemoryCatalog({ clock })));

describeCatalogContract('PGlite', async (clock) => {
  // cascade: tables of later migrations (captions) reference assets.
  await pglite.exec('truncate table assets cascade');
  return createKyselyCatalog({ db: createPgliteDatabaseOn(pglite), clock });
});

describeCatalogContract('PostgreSQL', async (clock) => {
  const db = createPostgresDatabase(await postgres.createDatabase(), { maxConnections: 4 });
  await migrateToLatest(db);
  return createKyselyCatalog({ db, clock });
});
