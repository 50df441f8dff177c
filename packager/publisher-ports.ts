/**
 * The publisher API's stores and queues (metadata, API keys, webhooks, resumable uploads, captions, rate
 * limits): ports with adapters in catalog/, queue/ and origin/, contract-tested like the core ones.
 */
import type { ApiScope } from './domain/api-keys.js';
import type { AssetRecord } from './domain/asset.js';
import type { AssetEvent, AssetEventType } from './domain/asset-events.js';
import type { JsonValue } from './domain/json-value.js';

// ---------------------------------------------------------------------------------------------------------
// Publisher API: metadata, API keys, webhooks, resumable uploads, captions, rate limits
// (all catalog-backed stores share the catalog's database and migrations)

/** Fields of an asset its publisher may change. An absent field is left alone; null clears it. */
export interface AssetMetadataPatch {
  readonly title?: string | null;
  readonly externalId?: string | null;
  readonly passthrough?: JsonValue | null;
}

export interface AssetMetadataStore {
  /** Applies the patch to a live asset and returns it; null when the asset is absent or deleted. */
  updateAssetMetadata(id: string, patch: AssetMetadataPatch): Promise<AssetRecord | null>;
}

/** A stored API key: never the key itself, only its SHA-256. Times are epoch milliseconds. */
export interface ApiKeyRecord {
  /** The public part of the key (12 base62 characters). */
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly ApiScope[];
  /** Lower-case hex SHA-256 of the whole key text. */
  readonly hashHex: string;
  readonly createdAtMs: number;
  /** Updated at most about once a minute. */
  readonly lastUsedAtMs: number | null;
  /** Set once revoked; a revoked key authenticates nothing. */
  readonly revokedAtMs: number | null;
}

export interface NewApiKey {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly ApiScope[];
  readonly hashHex: string;
}

export interface ApiKeyStore {
  /** A duplicate id throws `internal`. */
  createApiKey(key: NewApiKey): Promise<ApiKeyRecord>;
  /** Revoked keys too (with revokedAtMs); null when no key has this id. */
  getApiKey(id: string): Promise<ApiKeyRecord | null>;
  /** Every key, newest first, revoked ones included. */
  listApiKeys(): Promise<readonly ApiKeyRecord[]>;
  /** False when the key does not exist or was already revoked. */
  revokeApiKey(id: string): Promise<boolean>;
  /** Records a use at `atMs`, skipping the write when the last recorded use is under a minute old. */
  touchApiKey(id: string, atMs: number): Promise<void>;
}

/** A publisher's webhook endpoint. The secret signs every delivery (HMAC-SHA256). */
export interface WebhookEndpointRecord {
  readonly id: string;
  readonly url: string;
  readonly description: string | null;
  /** Event types delivered to it. */
  readonly events: readonly AssetEventType[];
  readonly secret: string;
  readonly createdAtMs: number;
}

export type NewWebhookEndpoint = Omit<WebhookEndpointRecord, 'createdAtMs'>;

/** An event as delivered: `body` is the exact JSON text every attempt sends. */
export interface WebhookEventRecord {
  readonly id: string;
  readonly type: AssetEventType;
  readonly assetId: string;
  readonly body: string;
  readonly createdAtMs: number;
}

/** One delivery attempt of one event to one endpoint. */
export interface WebhookDeliveryRecord {
  readonly id: string;
  readonly endpointId: string;
  readonly eventId: string;
  readonly eventType: AssetEventType;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** The receiver's HTTP status; null when no answer came (refused, timed out, connection failed). */
  readonly statusCode: number | null;
  /** True for a 2xx answer. */
  readonly ok: boolean;
  /** Why the attempt failed, for a person; null when ok. */
  readonly error: string | null;
  readonly durationMs: number;
  readonly createdAtMs: number;
}

export interface PageQuery {
  /** 1..100 */
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export interface WebhookDeliveryPage {
  readonly deliveries: readonly WebhookDeliveryRecord[];
  readonly nextCursor: string | null;
}

export interface WebhookStore {
  createEndpoint(endpoint: NewWebhookEndpoint): Promise<WebhookEndpointRecord>;
  getEndpoint(id: string): Promise<WebhookEndpointRecord | null>;
  /** Oldest first. */
  listEndpoints(): Promise<readonly WebhookEndpointRecord[]>;
  /** Removes the endpoint and its delivery log; false when absent. */
  deleteEndpoint(id: string): Promise<boolean>;
  /**
   * Records an event. Returns false (and records nothing) for a second `asset.playable` of the same asset:
   * that event happens once per asset, whoever reports it.
   */
  recordEvent(event: WebhookEventRecord): Promise<boolean>;
  getEvent(id: string): Promise<WebhookEventRecord | null>;
  /** Appends to the endpoint's delivery log; a no-op when the endpoint was deleted meanwhile. */
  recordDelivery(delivery: WebhookDeliveryRecord): Promise<void>;
  /** The endpoint's delivery log, newest first. A malformed cursor throws `invalid_request`. */
  listDeliveries(endpointId: string, query: PageQuery): Promise<WebhookDeliveryPage>;
}

/** What a publisher said about a resumable upload when creating it (tus Upload-Metadata). */
export interface UploadMetadata {
  readonly title: string | null;
  readonly externalId: string | null;
  readonly passthrough: JsonValue | null;
  readonly filename: string | null;
  readonly contentType: string | null;
}

/** A tus upload session. Bytes live in the object store as parts; this is the bookkeeping. */
export interface UploadRecord {
  readonly id: string;
  /** The API key that created it: only that key may continue it. */
  readonly keyId: string;
  readonly lengthBytes: number;
  /** Bytes acknowledged so far (sum of the parts). */
  readonly offsetBytes: number;
  readonly metadata: UploadMetadata;
  /** Set once the finished upload became an asset. */
  readonly assetId: string | null;
  readonly createdAtMs: number;
  /** An upload untouched until then is abandoned: the sweeper removes it and its parts. */
  readonly expiresAtMs: number;
}

export type NewUpload = Omit<UploadRecord, 'offsetBytes' | 'assetId'>;

/** One acknowledged PATCH: `sizeBytes` bytes at `offsetBytes`, stored whole under `objectKey`. */
export interface UploadPart {
  readonly offsetBytes: number;
  readonly sizeBytes: number;
  readonly objectKey: string;
}

export interface UploadStore {
  createUpload(upload: NewUpload): Promise<UploadRecord>;
  getUpload(id: string): Promise<UploadRecord | null>;
  /**
   * Records a stored part iff the upload's offset is still `part.offsetBytes` and it is not finished:
   * returns the upload with its new offset, or null when another request moved the offset first (or the
   * upload is gone). Concurrent appends at one offset: exactly one wins.
   */
  appendPart(id: string, part: UploadPart, expiresAtMs: number): Promise<UploadRecord | null>;
  /** Parts in offset order. */
  listParts(id: string): Promise<readonly UploadPart[]>;
  /** Marks a complete upload as becoming `assetId`; false when another request claimed it first. */
  claimUpload(id: string, assetId: string): Promise<boolean>;
  /** Undoes a claim whose asset could not be created, so the client can retry. */
  releaseUpload(id: string, assetId: string): Promise<void>;
  /** Removes the upload and its part records (not the objects); false when absent. */
  deleteUpload(id: string): Promise<boolean>;
  /** Uploads whose expiresAtMs is before `nowMs`, oldest first. */
  listExpiredUploads(nowMs: number, limit: number): Promise<readonly UploadRecord[]>;
}

/** A caption track of an asset (one per language). The WebVTT text is an object in the store. */
export interface CaptionRecord {
  readonly assetId: string;
  /** BCP-47 tag, normalised (`en`, `pt-BR`). */
  readonly language: string;
  /** Shown by players (`English`). */
  readonly name: string;
  /** Changes with every upload, so caption URLs are immutable. */
  readonly version: string;
  readonly sizeBytes: number;
  readonly createdAtMs: number;
}

export interface CaptionStore {
  /** Adds or replaces the asset's track for the language; returns the replaced record, if any. */
  putCaption(caption: CaptionRecord): Promise<CaptionRecord | null>;
  /** By language. */
  listCaptions(assetId: string): Promise<readonly CaptionRecord[]>;
  /** Returns the removed record, or null when there was none. */
  deleteCaption(assetId: string, language: string): Promise<CaptionRecord | null>;
}

/** Every publisher-API store, built on the catalog's database by the composition root. */
export interface PublisherStores {
  readonly assetMetadata: AssetMetadataStore;
  readonly apiKeys: ApiKeyStore;
  readonly webhooks: WebhookStore;
  readonly uploads: UploadStore;
  readonly captions: CaptionStore;
}

/** The outcome of one request against a rate limit. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Requests allowed in a burst. */
  readonly limit: number;
  /** Requests still allowed right now. */
  readonly remaining: number;
  /** When refused: how long until one request is allowed again. 0 when allowed. */
  readonly retryAfterMs: number;
}

/** A shared rate limit per key (all origin instances see the same counts). */
export interface RateLimiter {
  /** Counts one request of `key`. Implementations fail open (allow) when their backend is unreachable. */
  consume(key: string): Promise<RateLimitDecision>;
}

/** Reports asset events to webhook subscribers. */
export interface AssetEvents {
  /** Never rejects: a failure to publish is logged, it must not fail the work that caused the event. */
  publish(event: AssetEvent): Promise<void>;
}

/** Version 1 of the `deliver-webhook` job payload: one event to one endpoint. */
export interface WebhookDeliveryJob {
  readonly v: 1;
  readonly eventId: string;
  readonly endpointId: string;
}

/** The producer side of the webhook delivery queue. */
export interface WebhookQueue {
  /** Enqueueing the same (event, endpoint) twice is a no-op. */
  enqueueDeliveries(jobs: readonly WebhookDeliveryJob[]): Promise<void>;
  close(): Promise<void>;
}
