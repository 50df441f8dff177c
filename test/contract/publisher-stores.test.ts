import { PGlite } from '@electric-sql/pglite';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { createPgliteDatabaseOn, createPostgresDatabase } from '../../packager/catalog/database.js';
import { createKyselyCatalog } from '../../packager/catalog/kysely-catalog.js';
import { createKyselyPublisherStores } from '../../packager/catalog/kysely-publisher-stores.js';
import { migrateToLatest } from '../../packager/catalog/migrate.js';
import { createMemoryCatalog } from '../fakes/memory-catalog.js';
import { createMemoryPublisherStores } from '../fakes/memory-publisher-stores.js';
import { startPostgres, type PostgresServer } from '../setup/postgres.js';
import { describeApiKeyStore } from './api-key-store.contract.js';
import { describeAssetMetadata } from './asset-metadata.contract.js';
import { describeCaptionStore } from './caption-store.contract.js';
import { START_MS, createManualClock, type ManualClock } from './catalog-fixtures.js';
import type { MakePublisherStores, PublisherStoresUnderTest } from './publisher-stores-harness.js';
import { describeUploadStore } from './upload-store.contract.js';
import { describeWebhookStore } from './webhook-store.contract.js';

// The publisher stores' contract, run against the in-memory fakes, PGlite and PostgreSQL.
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

function describePublisherStores(name: string, make: MakePublisherStores): void {
  describe(`Publisher stores contract: ${name}`, () => {
    let clock: ManualClock;
    let current: PublisherStoresUnderTest;
    beforeEach(async () => {
      clock = createManualClock(START_MS);
      current = await make(clock);
    });
    afterEach(async () => {
      await current.catalog.close();
    });
    const harness = { catalog: () => current.catalog, stores: () => current.stores, clock: () => clock };
    describeAssetMetadata(harness);
    describeApiKeyStore(harness);
    describeWebhookStore(harness);
    describeUploadStore(harness);
    describeCaptionStore(harness);
  });
}

describePublisherStores('in-memory fakes', (clock) => {
  const catalog = createMemoryCatalog({ clock });
  return Promise.resolve({ catalog, stores: createMemoryPublisherStores(catalog, clock) });
});

describePublisherStores('PGlite', async (clock) => {
  await pglite.exec(
    'truncate table assets, api_keys, webhook_endpoints, webhook_events, webhook_deliveries, uploads, upload_parts, asset_captions cascade',
  );
  const db = createPgliteDatabaseOn(pglite);
  return { catalog: createKyselyCatalog({ db, clock }), stores: createKyselyPublisherStores({ db, clock }) };
});

describePublisherStores('PostgreSQL', async (clock) => {
  const db = createPostgresDatabase(await postgres.createDatabase(), { maxConnections: 4 });
  await migrateToLatest(db);
  return { catalog: createKyselyCatalog({ db, clock }), stores: createKyselyPublisherStores({ db, clock }) };
});
