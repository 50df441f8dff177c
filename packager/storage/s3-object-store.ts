import { createWriteStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline as pipelineCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'minio';
import type { BucketItem } from 'minio';
import { AppError } from '../domain/errors.js';
import type { ByteRange, ObjectInfo, ObjectStore, ObjectStream, PutOptions } from '../ports.js';
import { MeasuringTransform, payloadTooLarge, sizeMismatch } from './measuring-transform.js';
import { assertValidDeletePrefix, assertValidKey, assertValidPrefix } from './object-key.js';
import { translateS3Error, upstreamUnavailable } from './s3-errors.js';
import { createTimedTransport } from './s3-transport.js';
import { readStreamHead } from './stream-head.js';
import { uploadMultipart } from './s3-multipart-upload.js';
import { readGetAnswer, stripQuotes } from './s3-response-info.js';
import { openLocalFile } from './local-file.js';
import { removePartialFile } from './partial-file.js';

export interface S3ObjectStoreOptions {
  /** `http(s)://host:port` of the S3 API (MinIO, AWS, any compatible store); path-style addressing. */
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly bucket: string;
  readonly region: string;
  /** Multipart part size; also the most a single upload holds in memory. Default 64 MiB, at least 5 MiB. */
  readonly partSizeBytes?: number;
  /** Socket inactivity limit of every request (connect, answer, each gap in a body). Default 30 s. */
  readonly requestTimeoutMs?: number;
}

/** The S3 ObjectStore plus what a composition root needs around it. */
export interface S3ObjectStore extends ObjectStore {
  /** Creates the bucket when it does not exist yet (startup). */
  ensureBucket(): Promise<void>;
  /** Closes idle keep-alive connections. */
  close(): void;
}

/**
 * Parts of 16 MiB: an upload stores one part while it receives the next (s3-multipart-upload.ts), so the
 * smaller the part, the less of the upload is left to store once the last byte arrived; S3 allows 10,000
 * parts, i.e. objects up to 156 GiB, and wants 5 MiB at least.
 */
const DEFAULT_PART_SIZE_BYTES = 16 * 1024 * 1024;
const DELETE_BATCH = 1000;

/**
 * An ObjectStore on S3 through the `minio` client. Objects up to the part size go up in one PUT; larger
 * streams (of known size or not) go up as multipart uploads (s3-multipart-upload.ts), which S3 makes visible
 * only on completion, so an upload cut off by `maxBytes` or an error leaves nothing behind and is aborted.
 * At most about two parts of an upload are held in memory. ETags are S3's, unquoted: the md5 hex for objects
 * sent in one PUT, `<md5 of the part md5s>-<parts>` for multipart ones (same bytes and part size, same ETag).
 * S3 listings carry no content type: `list` reports it as ''. Every request has an inactivity timeout
 * (s3-transport.ts). minio's own retries are off (a stream body cannot be replayed, and they log to the
 * console): failures surface as retryable `upstream_unavailable` and the caller (a BullMQ job) retries.
 */
export function createS3ObjectStore(options: S3ObjectStoreOptions): S3ObjectStore {
  const url = new URL(options.endpoint);
  const useSSL = url.protocol === 'https:';
  const partSize = options.partSizeBytes ?? DEFAULT_PART_SIZE_BYTES;
  const agent = useSSL ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const client = new Client({
    endPoint: url.hostname,
    port: url.port === '' ? undefined : Number(url.port),
    useSSL,
    accessKey: options.accessKey,
    secretKey: options.secretKey,
    region: options.region,
    partSize,
    pathStyle: true,
    transport: createTimedTransport(useSSL, options.requestTimeoutMs ?? 30_000),
    transportAgent: agent,
    retryOptions: { disableRetry: true },
  });
  const { bucket } = options;
  const metadata = (contentType: string) => ({ 'Content-Type': contentType });

  async function putBuffer(key: string, data: Buffer, contentType: string): Promise<ObjectInfo> {
    const result = await client.putObject(bucket, key, data, data.length, metadata(contentType));
    return { key, sizeBytes: data.length, etag: stripQuotes(result.etag), contentType };
  }

  async function putStream(key: string, body: Readable, putOptions: PutOptions): Promise<ObjectInfo> {
    const { contentType, sizeBytes, maxBytes } = putOptions;
    const measure = new MeasuringTransform({ key, maxBytes, expectedBytes: sizeBytes });
    // Wired at once, before any await, so an error of `body` always has a listener and reaches `measure`.
    pipelineCallback(body, measure, () => undefined);
    // Up to one part: one PUT (plain md5 ETag, one request). Beyond: multipart, two parts in memory at most.
    const head = await readStreamHead(measure, partSize);
    if (head.ended) return putBuffer(key, head.whole, contentType);
    const etag = await uploadMultipart(
      { client, bucket, key, contentType, partSizeBytes: partSize },
      head.stream,
    );
    return { key, sizeBytes: measure.sizeBytes, etag: stripQuotes(etag), contentType };
  }

  async function put(key: string, body: Readable | Buffer, putOptions: PutOptions): Promise<ObjectInfo> {
    const { contentType, sizeBytes, maxBytes } = putOptions;
    try {
      assertValidKey(key);
      if (maxBytes !== undefined && sizeBytes !== undefined && sizeBytes > maxBytes) {
        throw payloadTooLarge(key, maxBytes);
      }
      if (!Buffer.isBuffer(body)) return await putStream(key, body, putOptions);
      if (maxBytes !== undefined && body.length > maxBytes) throw payloadTooLarge(key, maxBytes);
      if (sizeBytes !== undefined && body.length !== sizeBytes)
        throw sizeMismatch(key, sizeBytes, body.length);
      return await putBuffer(key, body, contentType);
    } catch (error) {
      if (!Buffer.isBuffer(body)) body.destroy();
      throw translateS3Error(error, key);
    }
  }

  async function get(key: string, range?: ByteRange): Promise<ObjectStream> {
    assertValidKey(key);
    let response: IncomingMessage;
    try {
      response = (
        range
          ? await client.getPartialObject(bucket, key, range.start, range.end - range.start + 1)
          : await client.getObject(bucket, key)
      ) as IncomingMessage;
    } catch (error) {
      throw translateS3Error(error, key);
    }
    try {
      return readGetAnswer(key, response, range);
    } catch (error) {
      response.destroy();
      throw error;
    }
  }

  async function* list(prefix: string): AsyncGenerator<ObjectInfo> {
    assertValidPrefix(prefix);
    try {
      // Recursive (no delimiter): a delimiter listing can miss prefixes that only hold deeper folders.
      for await (const item of client.listObjectsV2(bucket, prefix, true) as AsyncIterable<BucketItem>) {
        if (item.name === undefined) continue;
        yield { key: item.name, sizeBytes: item.size, etag: stripQuotes(item.etag), contentType: '' };
      }
    } catch (error) {
      throw translateS3Error(error, prefix);
    }
  }

  return {
    put,

    async putFile(key, filePath, contentType) {
      assertValidKey(key);
      const { body, sizeBytes } = await openLocalFile(key, filePath);
      return put(key, body, { contentType, sizeBytes });
    },

    async readableUrl(key, ttlSeconds) {
      assertValidKey(key);
      try {
        return await client.presignedGetObject(bucket, key, ttlSeconds);
      } catch (error) {
        throw translateS3Error(error, key);
      }
    },

    async stat(key) {
      assertValidKey(key);
      try {
        const found = await client.statObject(bucket, key);
        const contentType = (found.metaData as Record<string, unknown>)['content-type'];
        return {
          key,
          sizeBytes: found.size,
          etag: stripQuotes(found.etag),
          contentType: typeof contentType === 'string' ? contentType : 'application/octet-stream',
        };
      } catch (error) {
        const translated = translateS3Error(error, key);
        if (translated.code === 'object_not_found') return null;
        throw translated;
      }
    },

    get,

    async getBuffer(key, maxBytes) {
      const { info, body } = await get(key);
      if (info.sizeBytes > maxBytes) {
        body.destroy();
        throw payloadTooLarge(key, maxBytes);
      }
      const chunks: Buffer[] = [];
      try {
        for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
      } catch (error) {
        throw translateS3Error(error, key);
      }
      return Buffer.concat(chunks);
    },

    async downloadToFile(key, filePath) {
      const { body } = await get(key);
      const file = createWriteStream(filePath);
      try {
        await pipeline(body, file);
      } catch (error) {
        await removePartialFile(file, filePath);
        throw translateS3Error(error, key);
      }
    },

    list,

    async deletePrefix(prefix) {
      assertValidDeletePrefix(prefix);
      let removed = 0;
      let batch: string[] = [];
      const flush = async () => {
        const failures = await client.removeObjects(bucket, batch);
        if (failures.length > 0) {
          throw new AppError('internal', 'Some objects could not be deleted.', {
            details: { prefix, failed: failures.length },
            cause: failures,
          });
        }
        removed += batch.length;
        batch = [];
      };
      try {
        for await (const info of list(prefix)) {
          batch.push(info.key);
          if (batch.length >= DELETE_BATCH) await flush();
        }
        if (batch.length > 0) await flush();
      } catch (error) {
        throw translateS3Error(error, prefix);
      }
      return removed;
    },

    async ping() {
      let exists: boolean;
      try {
        exists = await client.bucketExists(bucket);
      } catch (error) {
        const translated = translateS3Error(error, '');
        throw translated.code === 'upstream_unavailable'
          ? translated
          : upstreamUnavailable('ping_failed', error);
      }
      if (!exists) throw upstreamUnavailable('no_bucket', new Error(`bucket ${bucket} does not exist`));
    },

    async ensureBucket() {
      try {
        if (await client.bucketExists(bucket)) return;
        await client.makeBucket(bucket, options.region);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === 'BucketAlreadyOwnedByYou' || code === 'BucketAlreadyExists') return;
        throw translateS3Error(error, '');
      }
    },

    close() {
      agent.destroy();
    },
  };
}
