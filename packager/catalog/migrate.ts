import { Migrator, type Kysely, type MigrationProvider, type Migration } from 'kysely';
import { AppError } from '../domain/errors.js';
import type { Logger } from '../ports.js';
import { catalogMigrations } from './migrations/catalog-migrations.js';
import { translateDatabaseError } from './database-errors.js';

/** Names of the migrations this run applied (empty when the database was already up to date). */
export interface MigrationReport {
  readonly applied: readonly string[];
}

/**
 * Brings the catalog schema to the latest version. Safe to call from several processes at once: on
 * PostgreSQL Kysely's migrator holds an advisory lock and runs the pending migrations in one transaction;
 * PGlite has a single connection, so calls on one instance run one after the other. A failed migration
 * rolls back and throws `internal` (or a retryable `upstream_unavailable` when the database is unreachable).
 */
export async function migrateToLatest<DB>(
  db: Kysely<DB>,
  logger?: Logger,
  migrations: Readonly<Record<string, Migration>> = catalogMigrations,
): Promise<MigrationReport> {
  const provider: MigrationProvider = { getMigrations: () => Promise.resolve({ ...migrations }) };
  const migrator = new Migrator({ db, provider });
  let outcome: Awaited<ReturnType<Migrator['migrateToLatest']>>;
  try {
    outcome = await migrator.migrateToLatest();
  } catch (error) {
    throw translateDatabaseError(error, 'migrating the catalog');
  }
  const results = outcome.results ?? [];
  for (const result of results) {
    const entry = { migration: result.migrationName };
    if (result.status === 'Success') logger?.info(entry, 'catalog migration applied');
    else logger?.error({ ...entry, status: result.status }, 'catalog migration not applied');
  }
  if (outcome.error !== undefined) {
    const translated = translateDatabaseError(outcome.error, 'migrating the catalog');
    if (translated.code !== 'internal') throw translated;
    const failed = results.find((result) => result.status === 'Error')?.migrationName ?? null;
    throw new AppError('internal', 'The catalog schema could not be brought up to date.', {
      details: { migration: failed },
      cause: outcome.error,
    });
  }
  return { applied: results.filter((result) => result.status === 'Success').map((r) => r.migrationName) };
}
