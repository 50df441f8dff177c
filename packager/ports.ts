/**
 * The roles the packaging pipeline and the origin depend on. Each port has adapters in its own folder
 * (storage/, catalog/, queue/, ffmpeg/) and one contract test suite that every adapter passes, the in-memory
 * fakes included. All methods throw AppError: adapters translate their library's errors at the boundary.
 */
import type { Readable } from 'node:stream';
import type { Presentation } from '../manifests/model.js';
import type { AssetError, AssetRecord, AssetStatus } from './domain/asset.js';
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
  /** queued|processing -> processing for `revision`; false when the asset is gone. */
  markProcessing(id: string, revision: number): Promise<boolean>;
  /** Progress 0..100 of the revision being packaged; ignored for other revisions. */
  updateProgress(id: string, revision: number, percent: number): Promise<boolean>;
  /** Makes `revision` the one players see and the asset `ready`. False when the asset is gone. */
  commitRevision(id: string, revision: number, presentation: Presentation): Promise<boolean>;
  /** Ends the asset as `errored` with a reason for a person. */
  markErrored(id: string, revision: number, error: AssetError): Promise<boolean>;
  /** Removes the asset from every read; returns false when it did not exist. */
  deleteAsset(id: string): Promise<boolean>;
  ping(): Promise<void>;
  close(): Promise<void>;
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
  /** Stops any work on the asset: removes waiting jobs and signals running ones to abort. */
  cancelAsset(assetId: string): Promise<void>;
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

export interface TranscodeOptions extends MediaToolOptions {
  /** Called with 0..100 as the encode advances (throttling is the caller's choice). */
  readonly onProgress?: (percent: number) => void;
  /** The probed source duration (SourceMedia.durationMs) that percent is measured against; without it only
   * the final 100 is reported. */
  readonly sourceDurationMs?: number;
  /** ffmpeg threads; 0 lets ffmpeg choose. */
  readonly threads?: number;
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
