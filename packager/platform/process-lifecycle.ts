/**
 * What every composition root does the same way: refuse to start on bad configuration (naming every
 * problem at once), and shut down once, gracefully, on SIGTERM or SIGINT.
 */
import type { Logger } from '../ports.js';
import { loadConfig, type Config } from './config.js';

export function loadConfigOrExit(env: NodeJS.ProcessEnv, processName: string): Config {
  const result = loadConfig(env, process.cwd());
  if (result.ok) return result.config;
  process.stderr.write(
    `${processName} cannot start: the configuration has ${result.problems.length} problem(s):\n` +
      result.problems.map((problem) => `  - ${problem}\n`).join(''),
  );
  process.exit(78); // EX_CONFIG
}

/** Runs `shutdown` once on the first SIGTERM/SIGINT; a second signal exits at once. */
export function onShutdownSignal(logger: Logger, shutdown: (signal: string) => Promise<void>): void {
  let shuttingDown = false;
  const handle = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}

/** Fails fast when a production process lacks an engine it cannot embed. */
export function requireSharedEngines(config: Config, processName: string): void {
  const missing = [
    config.databaseUrl
      ? null
      : 'DATABASE_URL (embedded PGlite lives in one process: use `npm start` for all-in-one)',
    config.redisUrl ? null : 'REDIS_URL (the job queue shared by origins and workers)',
  ].filter((item): item is string => item !== null);
  if (missing.length === 0) return;
  process.stderr.write(`${processName} cannot start: set ${missing.join(' and ')}.\n`);
  process.exit(78);
}
