/**
 * The two engines behind the catalog, each as a Kysely<Database>: PostgreSQL through a node-postgres pool
 * for deployments, PGlite (PostgreSQL compiled to WebAssembly) embedded for the all-in-one mode. One schema
 * and one set of migrations serve both.
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { Pool } from 'pg';
import { AppError } from '../domain/errors.js';
import type { Logger } from '../ports.js';
import type { Database } from './schema.js';

export interface PostgresDatabaseOptions {
  /** Pool size per process: origin and worker replicas each hold up to this many connections. */
  readonly maxConnections: number;
  /** Receives errors of idle connections; without one they go to process warnings (stderr). */
  readonly logger?: Logger;
  /** Server-side cap per statement; a slow query fails with `upstream_timeout`. Default 15 s. */
  readonly statementTimeoutMs?: number;
  /** How long to wait for a connection (new or from the pool). Default 5 s. */
  readonly connectionTimeoutMs?: number;
  /** Shown in pg_stat_activity. Default `scalacast`. */
  readonly applicationName?: string;
}

/**
 * A Kysely instance on a node-postgres pool. Nothing connects until the first query. `destroy()` ends the
 * pool. Errors of idle clients (a server restart) are logged instead of crashing the process; the next query
 * opens a fresh connection. The statement timeout applies to migrations too.
 */
export function createPostgresDatabase(url: string, options: PostgresDatabaseOptions): Kysely<Database> {
  const statementTimeoutMs = options.statementTimeoutMs ?? 15_000;
  const pool = new Pool({
    connectionString: url,
    max: options.maxConnections,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: statementTimeoutMs,
    // A transaction left open by a crashed request must not hold row locks for long.
    idle_in_transaction_session_timeout: statementTimeoutMs * 2,
    application_name: options.applicationName ?? 'scalacast',
    keepAlive: true,
  });
  // Without a listener, an idle client's error (a server restart) would crash the process.
  pool.on('error', (error) => {
    if (options.logger) options.logger.error({ err: error }, 'catalog database idle connection failed');
    else process.emitWarning(error, { code: 'SCALACAST_CATALOG_IDLE_CONNECTION' });
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Embedded PostgreSQL (PGlite, WebAssembly) for the all-in-one mode: `dataDir` is a folder PGlite creates or
 * reopens, or `memory://` for a throwaway database. A data folder belongs to one process at a time. PGlite
 * runs one statement at a time, so the dialect queues connections and transactions never interleave.
 * `destroy()` closes PGlite.
 */
export async function createPgliteDatabase(dataDir: string): Promise<Kysely<Database>> {
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir);
  } catch (error) {
    throw new AppError('internal', 'The embedded database could not be opened.', {
      details: { dataDir },
      cause: error,
    });
  }
  return new Kysely<Database>({ dialect: new PGliteDialect(client) });
}

/**
 * A Kysely instance on a PGlite the caller owns and closes (tests share one per process because the first
 * start takes seconds). Destroying this Kysely leaves the PGlite open. Give each PGlite one Kysely at a
 * time: two would interleave their transactions on its single connection.
 */
export function createPgliteDatabaseOn(client: PGlite): Kysely<Database> {
  // The dialect only calls query() and close(); keep close() from reaching the shared instance.
  const borrowed = {
    query: client.query.bind(client),
    close: () => Promise.resolve(),
  } as unknown as PGlite;
  return new Kysely<Database>({ dialect: new PGliteDialect(borrowed) });
}
