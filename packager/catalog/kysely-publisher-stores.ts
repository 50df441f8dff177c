import type { Kysely } from 'kysely';
import type { Clock, PublisherStores } from '../ports.js';
import type { Database } from './schema.js';
import { createKyselyApiKeys } from './kysely-api-keys.js';
import { createKyselyAssetMetadata } from './kysely-asset-metadata.js';
import { createKyselyCaptions } from './kysely-captions.js';
import { createKyselyUploads } from './kysely-uploads.js';
import { createKyselyWebhooks } from './kysely-webhooks.js';

/**
 * Every publisher-API store on the catalog's database. They borrow `db`: the Catalog built on the same
 * instance owns it and destroys it on close().
 */
export function createKyselyPublisherStores(deps: {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
}): PublisherStores {
  return {
    assetMetadata: createKyselyAssetMetadata(deps),
    apiKeys: createKyselyApiKeys(deps),
    webhooks: createKyselyWebhooks(deps),
    uploads: createKyselyUploads(deps),
    captions: createKyselyCaptions(deps),
  };
}
