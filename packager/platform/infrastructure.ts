/**
 * Opens the shared engines a process needs, from config: the object store (S3/MinIO or the filesystem under
 * DATA_DIR) and the catalog (PostgreSQL or embedded PGlite under DATA_DIR), migrated. Composition roots call
 * these; nothing else builds adapters.
 */
import path from 'node:path';
import { createKyselyCatalog } from '../catalog/kysely-catalog.js';
import { createKyselyPublisherStores } from '../catalog/kysely-publisher-stores.js';
import { createPgliteDatabase, createPostgresDatabase } from '../catalog/database.js';
import { migrateToLatest } from '../catalog/migrate.js';
import type { Catalog, Clock, Logger, ObjectStore, PublisherStores } from '../ports.js';
import { createFilesystemObjectStore } from '../storage/filesystem-object-store.js';
import { createS3ObjectStore } from '../storage/s3-object-store.js';
import type { Config } from './config.js';

export const systemClock: Clock = { nowMs: () => Date.now() };

export async function openObjectStore(config: Config, logger: Logger): Promise<ObjectStore> {
  if (!config.s3) {
    const rootDir = path.join(config.dataDir, 'objects');
    logger.info({ rootDir }, 'object store: filesystem');
    return createFilesystemObjectStore({ rootDir });
  }
  const store = createS3ObjectStore(config.s3);
  await store.ensureBucket();
  logger.info({ endpoint: config.s3.endpoint, bucket: config.s3.bucket }, 'object store: s3');
  return store;
}

export interface OpenCatalogOptions {
  /** Pool size per process for PostgreSQL. */
  readonly maxConnections: number;
}

export async function openCatalog(
  config: Config,
  logger: Logger,
  options: OpenCatalogOptions,
): Promise<Catalog> {
  const db = config.databaseUrl
    ? createPostgresDatabase(config.databaseUrl, { maxConnections: options.maxConnections, logger })
    : await createPgliteDatabase(path.join(config.dataDir, 'catalog'));
  logger.info({ engine: config.databaseUrl ? 'postgresql' : 'pglite' }, 'catalog: opening');
  await migrateToLatest(db, logger);
  return createKyselyCatalog({ db, clock: systemClock });
}

/**
 * The catalog and the publisher-API stores on one database (PGlite allows one opener per data folder): the
 * catalog owns the connection and closes it; the stores borrow it.
 */
export async function openCatalogEngines(
  config: Config,
  logger: Logger,
  options: OpenCatalogOptions,
): Promise<{ catalog: Catalog; stores: PublisherStores }> {
  const db = config.databaseUrl
    ? createPostgresDatabase(config.databaseUrl, { maxConnections: options.maxConnections, logger })
    : await createPgliteDatabase(path.join(config.dataDir, 'catalog'));
  logger.info({ engine: config.databaseUrl ? 'postgresql' : 'pglite' }, 'catalog: opening');
  await migrateToLatest(db, logger);
  return {
    catalog: createKyselyCatalog({ db, clock: systemClock }),
    stores: createKyselyPublisherStores({ db, clock: systemClock }),
  };
}
