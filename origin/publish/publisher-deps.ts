import type { AddressPolicy } from '../../packager/net/address-policy.js';
import type { Resolver } from '../../packager/net/guarded-lookup.js';
import type { AssetEvents, PublisherStores, RateLimiter } from '../../packager/ports.js';

/** What the publisher API needs beyond the app's catalog, store and queue; built by the composition root. */
export interface PublisherApiDeps {
  readonly stores: PublisherStores;
  readonly events: AssetEvents;
  /** Per-key limits, shared by every origin instance. */
  readonly rateLimiter: RateLimiter;
  /** SCALACAST_BOOTSTRAP_KEY: accepted with every scope. */
  readonly bootstrapKey: string | undefined;
  /** Which addresses URL ingest may fetch from (webhook deliveries use the same policy in workers). */
  readonly outboundPolicy: AddressPolicy;
  /** Host name resolution for URL ingest; system DNS when absent (tests inject one). */
  readonly resolve?: Resolver;
  /** Largest PATCH body of a resumable upload (and the chunk size advertised to clients). */
  readonly uploadChunkBytes: number;
  /** An upload untouched this long is abandoned. */
  readonly uploadExpiryMs: number;
  /** Deadline of a whole URL ingest. */
  readonly urlIngestTimeoutMs: number;
}
