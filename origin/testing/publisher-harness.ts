/**
 * Test support: PublisherApiDeps for app tests. The stores default to stubs that know no key, no webhook and
 * no caption (a test of the publisher API passes real in-memory stores); the bootstrap key is
 * TEST_BOOTSTRAP_KEY, so a test authenticates with `authHeaders()`. Not used by production code.
 */
import { AppError } from '../../packager/domain/errors.js';
import { createAddressPolicy } from '../../packager/net/address-policy.js';
import type { AssetEvent } from '../../packager/domain/asset-events.js';
import type { AssetEvents, PublisherStores } from '../../packager/ports.js';
import { unlimitedRateLimiter } from '../auth/redis-rate-limiter.js';
import type { PublisherApiDeps } from '../publish/publisher-deps.js';

export const TEST_BOOTSTRAP_KEY = 'test-bootstrap-key-0123456789abcdef';

/** `Authorization: Bearer <key>` (the test bootstrap key by default). */
export function authHeaders(key: string = TEST_BOOTSTRAP_KEY): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

/** An AssetEvents that records what was published. */
export function createRecordingEvents(): AssetEvents & { readonly published: AssetEvent[] } {
  const published: AssetEvent[] = [];
  return {
    published,
    publish: (event) => {
      published.push(event);
      return Promise.resolve();
    },
  };
}

function notWired(): Promise<never> {
  return Promise.reject(
    new AppError('internal', 'This test app has no store for this: pass publisher.stores.'),
  );
}

const emptyStores: PublisherStores = {
  assetMetadata: { updateAssetMetadata: notWired },
  apiKeys: {
    createApiKey: notWired,
    getApiKey: () => Promise.resolve(null),
    listApiKeys: () => Promise.resolve([]),
    revokeApiKey: () => Promise.resolve(false),
    touchApiKey: () => Promise.resolve(),
  },
  webhooks: {
    createEndpoint: notWired,
    getEndpoint: () => Promise.resolve(null),
    listEndpoints: () => Promise.resolve([]),
    deleteEndpoint: () => Promise.resolve(false),
    recordEvent: notWired,
    getEvent: () => Promise.resolve(null),
    recordDelivery: notWired,
    listDeliveries: notWired,
  },
  uploads: {
    createUpload: notWired,
    getUpload: () => Promise.resolve(null),
    appendPart: notWired,
    listParts: () => Promise.resolve([]),
    claimUpload: notWired,
    releaseUpload: notWired,
    deleteUpload: () => Promise.resolve(false),
    listExpiredUploads: () => Promise.resolve([]),
  },
  captions: {
    putCaption: notWired,
    listCaptions: () => Promise.resolve([]),
    deleteCaption: () => Promise.resolve(null),
  },
};

export function createTestPublisherDeps(overrides: Partial<PublisherApiDeps> = {}): PublisherApiDeps {
  return {
    stores: emptyStores,
    events: createRecordingEvents(),
    rateLimiter: unlimitedRateLimiter,
    bootstrapKey: TEST_BOOTSTRAP_KEY,
    outboundPolicy: createAddressPolicy(),
    uploadChunkBytes: 1024 * 1024,
    uploadExpiryMs: 3_600_000,
    urlIngestTimeoutMs: 30_000,
    ...overrides,
  };
}
