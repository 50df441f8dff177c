import type { Catalog, Clock, JobQueue, Logger, ObjectStore } from '../packager/ports.js';
import type { AdminDeps } from './admin/admin-deps.js';
import type { DeliveryService } from './delivery/delivery-service.js';
import type { OriginMetrics } from './http/metrics.js';
import type { PublisherApiDeps } from './publish/publisher-deps.js';
import type { PlaybackTokens } from './signing/playback-token.js';

/** Settings of the HTTP layer; the composition root takes them from the validated config. */
export interface AppConfig {
  /** Absolute base (`https://video.example.com`) for URLs in API answers; unset = the request's own origin. */
  readonly publicBaseUrl?: string | undefined;
  /** Largest accepted upload (the video itself, without a multipart envelope), bytes. */
  readonly maxUploadBytes: number;
  /** max-age of manifests, seconds (stale-while-revalidate is derived from it). */
  readonly manifestMaxAgeSeconds: number;
}

/** Everything the origin's HTTP layer needs, built by the composition root. The app owns none of it. */
export interface AppDeps {
  readonly catalog: Catalog;
  readonly store: ObjectStore;
  readonly queue: JobQueue;
  /** Root logger; each request gets a child bound to its requestId. */
  readonly logger: Logger;
  readonly metrics: OriginMetrics;
  readonly config: AppConfig;
  readonly clock: Clock;
  /** A fresh asset id (20 url-safe characters, see ASSET_ID_PATTERN). */
  readonly newAssetId: () => string;
  /** Each dependency's state for /readyz: `ok`, or why not. */
  readonly readiness: () => Promise<Readonly<Record<string, string>>>;
  /** Playback (manifests, segments): cache tiers, coalescing, signed-playback checks (create-delivery.ts). */
  readonly delivery: DeliveryService;
  /** Signs playback URLs of signed assets; null when no PLAYBACK_SIGNING_KEYS are configured. */
  readonly playbackTokens: PlaybackTokens | null;
  /** The /metrics text when it is not this process's registry alone (a node:cluster worker asks the primary). */
  readonly metricsText?: () => Promise<string>;
  /** The admin dashboard (/admin); null or absent when ADMIN_PASSWORD is unset (admin/admin-setup.ts). */
  readonly admin?: AdminDeps | null;
  /** The publisher API's stores, events, rate limiter, bootstrap key and limits (issue 6). */
  readonly publisher: PublisherApiDeps;
}
