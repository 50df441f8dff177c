import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';

const execFileAsync = promisify(execFile);

/** A throwaway PostgreSQL server on a random loopback port, with trust authentication. */
export interface PostgresServer {
  /** Superuser URL of the `postgres` maintenance database. */
  readonly url: string;
  /** Creates an empty database with a random name and returns its URL: one per test keeps tests isolated. */
  createDatabase(): Promise<string>;
  /** Stops the server at once (no checkpoint) and removes its files. */
  stop(): Promise<void>;
}

/** Where Debian puts PostgreSQL 15; POSTGRES_BIN_DIR overrides it elsewhere. */
const BIN_DIR = process.env.POSTGRES_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

/**
 * initdb + pg_ctl into a fresh temp folder. initdb and pg_ctl refuse to run as root, so as root (CI) they run
 * as the `postgres` system user through runuser and the folder is handed to that user; as anyone else they
 * run as the current user. Durability is off (fsync, synchronous_commit): the data dies with the test run.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const runAs = await systemUser();
  const rootDir = await mkdtemp(path.join(tmpdir(), 'scalacast-pg-'));
  const dataDir = path.join(rootDir, 'data');
  const socketDir = path.join(rootDir, 'sock');
  const logFile = path.join(rootDir, 'postgres.log');
  await mkdir(socketDir);
  if (runAs) {
    await chown(rootDir, runAs.uid, runAs.gid);
    await chown(socketDir, runAs.uid, runAs.gid);
  }
  const run = (tool: string, args: string[]) => {
    const [file, argv] = command(runAs, tool, args);
    return execFileAsync(file, argv, { cwd: rootDir, env: { ...process.env, LC_ALL: 'C' } });
  };

  try {
    await run('initdb', [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    const port = await startOnFreePort(run, dataDir, socketDir, logFile);
    // A test process that dies without afterAll must not leave a server behind ('exit' runs synchronously).
    const stopOnExit = () => {
      const [file, argv] = command(runAs, 'pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate']);
      try {
        execFileSync(file, argv, { stdio: 'ignore' });
      } catch {
        // Already stopped.
      }
    };
    process.once('exit', stopOnExit);
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const admin = new Pool({ connectionString: url, max: 2 });
    admin.on('error', () => undefined); // Idle admin connections die with the server in stop().
    await admin.query('select 1');
    return {
      url,
      async createDatabase() {
        const name = `t_${randomBytes(8).toString('hex')}`;
        await admin.query(`create database ${name}`);
        return `postgres://postgres@127.0.0.1:${port}/${name}`;
      },
      async stop() {
        process.removeListener('exit', stopOnExit);
        await admin.end();
        await run('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w']).catch(() => undefined);
        await rm(rootDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    const log = await readFile(logFile, 'utf8').catch(() => '');
    await run('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate']).catch(() => undefined);
    await rm(rootDir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${String(error)}\n${log.slice(-2000)}`, { cause: error });
  }
}

function command(runAs: SystemUser | null, tool: string, args: string[]): [string, string[]] {
  const binary = path.join(BIN_DIR, tool);
  return runAs ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
}

type Run = (tool: string, args: string[]) => Promise<unknown>;

/** A free port can be taken between the probe and the bind: try a few. pg_ctl -w returns once it accepts. */
async function startOnFreePort(
  run: Run,
  dataDir: string,
  socketDir: string,
  logFile: string,
): Promise<number> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const options = [
      '-c listen_addresses=127.0.0.1',
      `-p ${port}`,
      `-k ${socketDir}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    try {
      await run('pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', options]);
      return port;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}

/** The postgres user's ids when running as root; null when the tools can run as the current user. */
interface SystemUser {
  readonly uid: number;
  readonly gid: number;
}

async function systemUser(): Promise<SystemUser | null> {
  if (process.getuid?.() !== 0) return null;
  const [uid, gid] = await Promise.all([
    execFileAsync('id', ['-u', 'postgres']),
    execFileAsync('id', ['-g', 'postgres']),
  ]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
