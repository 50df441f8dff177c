/**
 * `npm run migrate`: brings the catalog schema up to date and exits. Origins and workers also migrate at
 * start-up (safely, under the migrator's lock); this one-shot exists for deployment hooks that want the
 * schema ready before any process starts (compose's migrate service, Helm's pre-upgrade Job).
 */
import { openCatalog } from '../packager/platform/infrastructure.js';
import { createLogger } from '../packager/platform/logger.js';
import { loadConfigOrExit } from '../packager/platform/process-lifecycle.js';

const config = loadConfigOrExit(process.env, 'scalacast migrate');
const logger = createLogger({ level: config.logLevel, base: { service: 'scalacast-migrate' } });
const catalog = await openCatalog(config, logger, { maxConnections: 1 });
await catalog.close();
logger.info({}, 'catalog schema is up to date');
