/**
 * The roles the packaging pipeline and the origin depend on. Each port has adapters in its own folder
 * (storage/, catalog/, queue/, ffmpeg/) and one contract test suite that every adapter passes, the in-memory
 * fakes included. All methods throw AppError: adapters translate their library's errors at the boundary.
 */
import type { Readable } from 'node:stream';
import type { Presentation } from '../manifests/model.js';
import type { ApiScope } from './domain/api-keys.js';
import type { AssetError, AssetRecord, AssetStatus, PlaybackPolicy } from './domain/asset.js';
import type { AssetEvent, AssetEventType } from './domain/asset-events.js';
import type { JsonValue } from './domain/json-value.js';
import type { LadderPlan } from './domain/ladder-plan.js';
import type { SourceMedia } from './domain/media-source.js';

// ---------------------------------------------------------------------------------------------------------
// Object storage

export interface ObjectInfo {
  readonly key: string;
  readonly sizeBytes: number;
  /** Content hash as the store reports it (quoted or not): identical for identical bytes on every instance. */
  readonly etag: string;
  readonly contentType: string;
}

/** Inclusive byte range, already validated against the object size. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export interface ObjectStream {
  readonly info: ObjectInfo;
  /** The requested bytes (the whole object, or `range`). Consumers must read or destroy it. */
  readonly body: Readable;
}

/**
 * Flat key/value storage of immutable blobs. Keys are `/`-separated, never start with `/` and never contain
 * `..` (adapters refuse them with `invalid_path`). Writes are atomic: a reader sees the old object, the
 * whole new one, or nothing, never a part. Missing objects throw `object_not_found`; an unreachable store
 * throws a retryable `upstream_unavailable`.
 */
export interface ObjectStore {
  /** Streams `body` into `key`. `sizeBytes` when known lets S3 avoid buffering. Returns the stored info. */
  put(key: string, body: Readable | Buffer, options: PutOptions): Promise<ObjectInfo>;
  /** Uploads a local file (size known), e.g. a segment ffmpeg wrote. */
  putFile(key: string, filePath: string, contentType: string): Promise<ObjectInfo>;
  /** Metadata, or null when the object does not exist. */
  stat(key: string): Promise<ObjectInfo | null>;
  /** Streams the object or one byte range of it. */
  get(key: string, range?: ByteRange): Promise<ObjectStream>;
  /** Reads a small object whole (descriptions, manifests). Refuses objects over `maxBytes`. */
  getBuffer(key: string, maxBytes: number): Promise<Buffer>;
  /** Copies an object into a local file (the worker's source download), streaming. */
  downloadToFile(key: string, filePath: string): Promise<void>;
  /** Every key under `prefix`, recursively. S3 listings carry no content type: `contentType` may be ''. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  /** Removes every object under `prefix`; returns how many were removed. Idempotent. */
  deletePrefix(prefix: string): Promise<number>;
  /** Resolves when the store answers; throws `upstream_unavailable` otherwise. */
  ping(): Promise<void>;
}

export interface PutOptions {
  readonly contentType: string;
  readonly sizeBytes?: number;
  /** Aborts a stream upload that exceeds this size with `payload_too_large` and stores nothing. */
  readonly maxBytes?: number;
}

// ---------------------------------------------------------------------------------------------------------
// Catalog

export interface NewAsset {
  readonly id: string;
  readonly title: string | null;
  readonly sourceKey: string;
  readonly sourceSizeBytes: number;
  /** Defaults to OPEN_PLAYBACK_POLICY. */
  readonly playbackPolicy?: PlaybackPolicy;
  /** The publisher's own id; not unique. */
  readonly externalId?: string | null;
  /** Publisher JSON kept with the asset (the API limits its size). */
  readonly passthrough?: JsonValue | null;
}

export interface AssetPage {
  readonly assets: readonly AssetRecord[];
  /** Opaque; pass back to get the next page. Null on the last page. */
  readonly nextCursor: string | null;
}

export interface ListAssetsQuery {
  /** 1..100 */
  readonly limit: number;
  readonly cursor?: string | undefined;
  readonly status?: AssetStatus | undefined;
  /** Only assets with exactly this external id. */
  readonly externalId?: string | undefined;
  /** Only assets whose title contains this text (case-insensitive) or whose id is exactly it. Max 200. */
  readonly search?: string | undefined;
}

/** Figures over every live asset, for the admin dashboard. */
export interface AssetSummary {
  /** Live assets per status (every status present, 0 when none). */
  readonly byStatus: Readonly<Record<AssetStatus, number>>;
  /** Bytes of the uploaded sources. */
  readonly sourceSizeBytes: number;
  /** Bytes of the committed revisions' media segments (see presentationSizeBytes). */
  readonly packagedSizeBytes: number;
}

/**
 * The durable record of assets and their revisions (PostgreSQL, or PGlite embedded). Every state change is
 * one statement or one transaction. Updates to a deleted asset are no-ops that return false, so a worker that
 * loses a race with DELETE learns it and cleans up.
 */
export interface Catalog {
  createAsset(asset: NewAsset): Promise<AssetRecord>;
  /** Null when absent or deleted. */
  getAsset(id: string): Promise<AssetRecord | null>;
  /** Newest first. A malformed cursor throws `invalid_request`. */
  listAssets(query: ListAssetsQuery): Promise<AssetPage>;
  /**
   * queued|processing -> processing for `revision`; false when the asset is gone or the revision is not
   * newer than the committed one (a revision committed as a preview may be resumed).
   */
  markProcessing(id: string, revision: number): Promise<boolean>;
  /** Progress 0..100 of the revision being packaged; ignored for other revisions. */
  updateProgress(id: string, revision: number, percent: number): Promise<boolean>;
  /** Makes `revision` the one players see and the asset `ready`. False when the asset is gone. */
  commitRevision(id: string, revision: number, presentation: Presentation): Promise<boolean>;
  /**
   * Progressive publish: makes `revision` playable with a partial `presentation` (e.g. the lowest rung and
   * audio, every segment of the whole duration) while the asset stays `processing`; the final
   * commitRevision of the same revision replaces it. Only for the attempt in progress, and only while no
   * other revision is committed: a re-packaged asset keeps playing its old revision until the new one is
   * final. False otherwise (gone, superseded, not processing). Idempotent.
   */
  commitPreview(id: string, revision: number, presentation: Presentation): Promise<boolean>;
  /** Ends the asset as `errored` with a reason for a person. */
  markErrored(id: string, revision: number, error: AssetError): Promise<boolean>;
  /** Removes the asset from every read; returns false when it did not exist. */
  deleteAsset(id: string): Promise<boolean>;
  /** Replaces who may play the asset (any status). False when the asset is gone. */
  setPlaybackPolicy(id: string, policy: PlaybackPolicy): Promise<boolean>;
  /** Counts and sizes over every live asset (one aggregate read). */
  summarizeAssets(): Promise<AssetSummary>;
  /**
   * The newest revision the asset has: its latest packaging attempt (in flight or failed), else its
   * committed revision; null when it has neither yet or is gone. A new attempt uses this + 1.
   */
  getLatestRevision(id: string): Promise<number | null>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------
// Segment cache

/** One immutable stored object as a cache holds it: the whole body and what a response needs to describe it. */
export interface CachedObject {
  readonly body: Buffer;
  /** The store's etag of the object (identical bytes, identical etag on every instance). */
  readonly etag: string;
  readonly contentType: string;
}

/** The right to fill one key, held by one caller until released or until its time to live runs out. */
export interface CacheLease {
  /** Gives the lease up (a no-op once it expired or was taken by someone else). Never throws. */
  release(): Promise<void>;
}

/**
 * A cache of immutable objects (init and media segments) keyed by object key, never by viewer: keys carry no
 * token, query or header. Values never change for a key, so there is no invalidation; entries leave only by
 * eviction. Best effort: a cache may forget anything at any time. Objects over the cache's per-object cap are
 * not stored (`set` answers false). A cache that cannot answer right now throws a retryable
 * `upstream_unavailable` at once instead of waiting; callers treat that as a miss and go to storage.
 */
export interface SegmentCache {
  /** The object, or null when the cache does not hold it. */
  get(key: string): Promise<CachedObject | null>;
  /** Stores the object; false when it is over the per-object cap (nothing stored). */
  set(key: string, object: CachedObject): Promise<boolean>;
  /**
   * Takes the fill lease of `key` for `ttlMs`: among concurrent callers (of every process sharing the cache)
   * exactly one gets it until it releases it or the time runs out; the others get null and wait for the
   * holder's `set`. Lets a herd of requests for one cold object cause about one storage read.
   */
  acquireLease(key: string, ttlMs: number): Promise<CacheLease | null>;
}

// ---------------------------------------------------------------------------------------------------------
// Jobs

/** Version 1 of the `package-asset` job payload. Workers refuse payloads they do not know. */
export interface PackageAssetJob {
  readonly v: 1;
  readonly assetId: string;
  readonly revision: number;
  readonly sourceKey: string;
}

/** The producer side of the job queue, used by the origin. */
export interface JobQueue {
  /** Enqueues packaging; enqueuing the same (asset, revision) twice is a no-op. */
  enqueuePackageAsset(job: PackageAssetJob): Promise<void>;
  /**
   * Stops any work on the asset: removes waiting jobs and signals running ones to abort. With
   * `belowRevision`, only the work on older revisions (a re-packaging supersedes them).
   */
  cancelAsset(assetId: string, options?: { readonly belowRevision?: number }): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------
// Platform

/** The pino-compatible subset the core uses: static messages, variables in the object. */
export interface Logger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface Clock {
  nowMs(): number;
}

// ---------------------------------------------------------------------------------------------------------
// Media tools

export interface MediaToolOptions {
  /** Aborting kills the child process and rejects with `cancelled`. */
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
}

/** Reads a source file's streams (ffprobe). An unreadable file throws `source_unreadable`. */
export interface Prober {
  probe(filePath: string, options?: MediaToolOptions): Promise<SourceMedia>;
}

/** Files one transcode produced for one rendition, in a local folder. */
export interface TranscodedRendition {
  readonly id: string;
  readonly type: 'video' | 'audio';
  readonly initPath: string;
  /** Media segment files in presentation order. */
  readonly segmentPaths: readonly string[];
}

/** A part of the source in seconds as ffmpeg parses them (`12.5`): one chunk of a split-and-stitch encode. */
export interface InputWindow {
  readonly startSeconds: string;
  /** Null: to the end of the source. */
  readonly durationSeconds: string | null;
}

export interface TranscodeOptions extends MediaToolOptions {
  /** Called with 0..100 as the encode advances (throttling is the caller's choice). */
  readonly onProgress?: (percent: number) => void;
  /** The probed source duration (SourceMedia.durationMs) that percent is measured against; without it only
   * the final 100 is reported. */
  readonly sourceDurationMs?: number;
  /** ffmpeg threads; 0 lets ffmpeg choose. */
  readonly threads?: number;
  /**
   * `background`: the encode yields the CPU to normal work on the machine (the ladder to a preview's images
   * and publish, so that an upload turns playable sooner); default `normal`.
   */
  readonly priority?: 'normal' | 'background';
  /** Encode only this part of the source (split-and-stitch chunks); the whole source when absent. */
  readonly window?: InputWindow;
  /** Also write a complexity probe from the same decode (per-title ladders). */
  readonly complexityProbe?: ComplexityProbeSpec;
}

/**
 * A quick encode of sampled frames at the top rung's size at a fixed quality, written as a raw H.264 stream:
 * its bits per pixel say how hard the source is to compress where it matters most. Sample frames are chosen
 * by the encoder's frame number n: those with n mod samplePeriodFrames < sampleFrames.
 */
export interface ComplexityProbeSpec {
  readonly width: number;
  readonly height: number;
  readonly samplePeriodFrames: number;
  readonly sampleFrames: number;
  /** x264 CRF of the probe encode (preset ultrafast). */
  readonly crf: number;
  /** Local file the probe stream is written to. */
  readonly outputPath: string;
}

/**
 * Encodes a source into CMAF fMP4 per the plan: one process, one decode, one track per file. Fails with
 * `transcode_failed` (details carry the stderr tail) or `cancelled`.
 */
export interface Transcoder {
  transcode(
    sourcePath: string,
    plan: LadderPlan,
    outputDir: string,
    options?: TranscodeOptions,
  ): Promise<readonly TranscodedRendition[]>;
}

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
