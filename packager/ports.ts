/**
 * The roles the packaging pipeline and the origin depend on. Each port has adapters in its own folder
 * (storage/, catalog/, queue/, ffmpeg/) and one contract test suite that every adapter passes, the in-memory
 * fakes included. All methods throw AppError: adapters translate their library's errors at the boundary.
 */
import type { Readable } from 'node:stream';
import type { Presentation } from '../manifests/model.js';
import type { AssetError, AssetRecord, AssetStatus, PlaybackPolicy } from './domain/asset.js';
import type { JsonValue } from './domain/json-value.js';

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
  /**
   * A URL the worker's media tools (ffmpeg, ffprobe) read the object from themselves, with Range requests,
   * for `ttlSeconds`: S3's presigned GET. It is a credential for that one object: give it to the tools only,
   * never log it. Absent where the store has none: pipeline/source-input.ts then reads the object where it
   * lies (localFile) or serves it itself.
   */
  readableUrl?(key: string, ttlSeconds: number): Promise<string>;
  /**
   * Where the object's bytes lie on this machine's disk, for the worker's media tools to read there: bytes
   * [0, sizeBytes) of `path` (the filesystem store, whose files end with a metadata trailer). Absent where the
   * store is remote; object_not_found when the object is.
   */
  localFile?(key: string): Promise<{ readonly path: string; readonly sizeBytes: number }>;
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

// Logging and time, the media tools and the publisher API's ports, in files of their own.
export type * from './platform-ports.js';
export type * from './media-tool-ports.js';
export type * from './publisher-ports.js';
