import { createServer } from 'node:net';
import { Migrator, NO_MIGRATIONS, sql, type Kysely, type Migration } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase } from '../../packager/catalog/database.js';
import { translateDatabaseError } from '../../packager/catalog/database-errors.js';
import { createKyselyCatalog } from '../../packager/catalog/kysely-catalog.js';
import { migrateToLatest } from '../../packager/catalog/migrate.js';
import { catalogMigrations } from '../../packager/catalog/migrations/catalog-migrations.js';
import { AppError } from '../../packager/domain/errors.js';
import type { Logger } from '../../packager/ports.js';
import { startPostgres, type PostgresServer } from '../setup/postgres.js';

let postgres: PostgresServer;

beforeAll(async () => {
  postgres = await startPostgres();
});

afterAll(async () => {
  await postgres?.stop();
});

const clock = { nowMs: () => Date.now() };

async function tableExists(db: Kysely<unknown>, name: string): Promise<boolean> {
  const result = await sql<{ found: string | null }>`select to_regclass(${name})::text as found`.execute(db);
  return result.rows[0]?.found != null;
}

async function withDatabases<T>(count: number, run: (dbs: Kysely<unknown>[]) => Promise<T>): Promise<T> {
  const url = await postgres.createDatabase();
  const dbs = Array.from({ length: count }, () => createPostgresDatabase(url, { maxConnections: 2 }));
  try {
    return await run(dbs as Kysely<unknown>[]);
  } finally {
    await Promise.all(dbs.map((db) => db.destroy()));
  }
}

describe('migrateToLatest on PostgreSQL', () => {
  it('applies each migration exactly once when several processes migrate at the same time', async () => {
    await withDatabases(4, async (dbs) => {
      const reports = await Promise.all(dbs.map((db) => migrateToLatest(db)));
      expect(reports.flatMap((report) => report.applied).sort()).toEqual(
        Object.keys(catalogMigrations).sort(),
      );
      expect(await migrateToLatest(dbs[0]!)).toEqual({ applied: [] });
      expect(await tableExists(dbs[1]!, 'assets')).toBe(true);
    });
  });

  it('serialises two processes even when a migration is slow', async () => {
    // pg_sleep widens the window in which an unlocked second migrator would run the same DDL.
    const slow: Record<string, Migration> = {
      '0001-slow-create': {
        up: async (db) => {
          await sql`select pg_sleep(0.3)`.execute(db);
          await db.schema.createTable('slow_table').addColumn('id', 'integer').execute();
        },
      },
    };
    await withDatabases(2, async ([first, second]) => {
      const reports = await Promise.all([
        migrateToLatest(first!, undefined, slow),
        migrateToLatest(second!, undefined, slow),
      ]);
      expect(reports.map((report) => report.applied.length).sort()).toEqual([0, 1]);
      expect(await tableExists(first!, 'slow_table')).toBe(true);
    });
  });

  it('rolls a failing run back whole and names the migration that failed', async () => {
    const failing: Record<string, Migration> = {
      '0001-ok': { up: (db) => db.schema.createTable('first_table').addColumn('id', 'integer').execute() },
      '0002-broken': { up: (db) => sql`select * from no_such_table`.execute(db).then(() => undefined) },
    };
    await withDatabases(1, async ([db]) => {
      const error: unknown = await migrateToLatest(db!, undefined, failing).catch(
        (rejection: unknown) => rejection,
      );
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'internal', details: { migration: '0002-broken' } });
      expect(await tableExists(db!, 'first_table')).toBe(false);
    });
  });

  it('undoes the whole schema with the down migrations', async () => {
    await withDatabases(1, async ([db]) => {
      await migrateToLatest(db!);
      const provider = { getMigrations: () => Promise.resolve({ ...catalogMigrations }) };
      const { error } = await new Migrator({ db: db!, provider }).migrateTo(NO_MIGRATIONS);
      expect(error).toBeUndefined();
      expect(await tableExists(db!, 'assets')).toBe(false);
      expect((await migrateToLatest(db!)).applied).toHaveLength(Object.keys(catalogMigrations).length);
    });
  });
});

describe('PostgreSQL connection failures', () => {
  it('reports an unreachable server as a retryable upstream_unavailable', async () => {
    const port = await closedPort();
    const db = createPostgresDatabase(`postgres://postgres@127.0.0.1:${port}/none`, {
      maxConnections: 1,
      connectionTimeoutMs: 2000,
    });
    const catalog = createKyselyCatalog({ db, clock });
    const attempts = [
      () => catalog.ping(),
      () => catalog.getAsset('a'.repeat(20)),
      () => migrateToLatest(db),
    ];
    for (const attempt of attempts) {
      const error: unknown = await attempt().then(
        () => null,
        (rejection: unknown) => rejection,
      );
      expect(error).toMatchObject({ code: 'upstream_unavailable', retryable: true });
    }
    await catalog.close();
  });

  it('reports a statement over the timeout as a retryable upstream_timeout', async () => {
    const db = createPostgresDatabase(await postgres.createDatabase(), {
      maxConnections: 1,
      statementTimeoutMs: 100,
    });
    const error: unknown = await sql`select pg_sleep(10)`
      .execute(db)
      .catch((rejection: unknown) => rejection);
    expect(translateDatabaseError(error, 'testing')).toMatchObject({
      code: 'upstream_timeout',
      retryable: true,
    });
    await db.destroy();
  });

  it('logs a dropped idle connection instead of crashing, and keeps serving', async () => {
    const url = await postgres.createDatabase();
    const logged: string[] = [];
    const logger = recordingLogger(logged);
    const db = createPostgresDatabase(url, { maxConnections: 1, logger });
    const catalog = createKyselyCatalog({ db, clock });
    await migrateToLatest(db);
    await catalog.ping();
    const admin = createPostgresDatabase(postgres.url, { maxConnections: 1 });
    const database = new URL(url).pathname.slice(1);
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${database}`.execute(
      admin,
    );
    await admin.destroy();
    await waitFor(() => logged.includes('catalog database idle connection failed'));
    await expect(catalog.ping()).resolves.toBeUndefined();
    await catalog.close();
  });
});

function recordingLogger(messages: string[]): Logger {
  const record = (_obj: object, msg: string) => {
    messages.push(msg);
  };
  const logger: Logger = { debug: record, info: record, warn: record, error: record, child: () => logger };
  return logger;
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A loopback port nobody listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
