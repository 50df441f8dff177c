import type { AssetMetadataStore, Clock, PublisherStores } from '../../packager/ports.js';
import { createMemoryApiKeys } from './memory-api-keys.js';
import { createMemoryCaptions } from './memory-captions.js';
import { createMemoryUploads } from './memory-uploads.js';
import { createMemoryWebhooks } from './memory-webhooks.js';

/** Every publisher store in memory; `assetMetadata` is the memory catalog the test already uses. */
export function createMemoryPublisherStores(
  assetMetadata: AssetMetadataStore,
  clock: Clock = { nowMs: () => Date.now() },
): PublisherStores {
  return {
    assetMetadata,
    apiKeys: createMemoryApiKeys(clock),
    webhooks: createMemoryWebhooks(clock),
    uploads: createMemoryUploads(),
    captions: createMemoryCaptions(),
  };
}
