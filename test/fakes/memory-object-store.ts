import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, isAppError } from '../../packager/domain/errors.js';
import type { ByteRange, ObjectInfo, ObjectStore, ObjectStream, PutOptions } from '../../packager/ports.js';
import { assertRangeWithin, objectNotFound } from '../../packager/storage/byte-range-check.js';
import { payloadTooLarge, sizeMismatch } from '../../packager/storage/measuring-transform.js';
import {
  assertValidDeletePrefix,
  assertValidKey,
  assertValidPrefix,
} from '../../packager/storage/object-key.js';
import { openLocalFile } from '../../packager/storage/local-file.js';

interface StoredObject {
  readonly data: Buffer;
  readonly info: ObjectInfo;
}

/** An ObjectStore fake for unit tests, with the same contract as the real stores; ETag = md5 hex. */
export interface MemoryObjectStore extends ObjectStore {
  /** Every key held, sorted; handy in assertions. */
  keys(): string[];
}

async function collect(key: string, body: Readable, maxBytes: number | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let sizeBytes = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer | string>) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      sizeBytes += buffer.length;
      if (maxBytes !== undefined && sizeBytes > maxBytes) throw payloadTooLarge(key, maxBytes);
      chunks.push(buffer);
    }
  } catch (error) {
    body.destroy();
    if (isAppError(error)) throw error;
    throw new AppError('internal', 'Reading the upload stream failed.', { details: { key }, cause: error });
  }
  return Buffer.concat(chunks);
}

/** Runs `fn` so that a synchronous throw becomes a rejection, as callers of an async port expect. */
function settle<T>(fn: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(fn()));
}

export function createMemoryObjectStore(): MemoryObjectStore {
  const objects = new Map<string, StoredObject>();

  function require(key: string): StoredObject {
    assertValidKey(key);
    const found = objects.get(key);
    if (!found) throw objectNotFound(key);
    return found;
  }

  async function put(key: string, body: Readable | Buffer, options: PutOptions): Promise<ObjectInfo> {
    try {
      assertValidKey(key);
      if (
        options.maxBytes !== undefined &&
        options.sizeBytes !== undefined &&
        options.sizeBytes > options.maxBytes
      ) {
        throw payloadTooLarge(key, options.maxBytes);
      }
    } catch (error) {
      if (!Buffer.isBuffer(body)) body.destroy();
      throw error;
    }
    // Copy a Buffer: the caller may reuse it, and a stored object never changes.
    const data = Buffer.isBuffer(body) ? Buffer.from(body) : await collect(key, body, options.maxBytes);
    if (options.maxBytes !== undefined && data.length > options.maxBytes)
      throw payloadTooLarge(key, options.maxBytes);
    if (options.sizeBytes !== undefined && data.length !== options.sizeBytes) {
      throw sizeMismatch(key, options.sizeBytes, data.length);
    }
    const info: ObjectInfo = {
      key,
      sizeBytes: data.length,
      etag: createHash('md5').update(data).digest('hex'),
      contentType: options.contentType,
    };
    objects.set(key, { data, info });
    return info;
  }

  return {
    put,

    async putFile(key, filePath, contentType) {
      assertValidKey(key);
      const { body, sizeBytes } = await openLocalFile(key, filePath);
      return put(key, body, { contentType, sizeBytes });
    },

    stat(key) {
      return settle(() => {
        assertValidKey(key);
        return objects.get(key)?.info ?? null;
      });
    },

    get(key: string, range?: ByteRange): Promise<ObjectStream> {
      return settle(() => {
        const { data, info } = require(key);
        if (range) assertRangeWithin(key, range, data.length);
        const bytes = range ? data.subarray(range.start, range.end + 1) : data;
        return { info, body: Readable.from([bytes]) };
      });
    },

    getBuffer(key, maxBytes) {
      return settle(() => {
        const { data } = require(key);
        if (data.length > maxBytes) throw payloadTooLarge(key, maxBytes);
        return Buffer.from(data);
      });
    },

    async downloadToFile(key, filePath) {
      const { data } = await settle(() => require(key));
      try {
        await pipeline(Readable.from([data]), createWriteStream(filePath));
      } catch (error) {
        await unlink(filePath).catch(() => undefined);
        throw new AppError('internal', 'Writing the local copy failed.', { details: { key }, cause: error });
      }
    },

    async *list(prefix) {
      // Snapshot first: a caller deleting while it iterates must not skip keys.
      const snapshot = await settle(() => {
        assertValidPrefix(prefix);
        return [...objects.values()].map((o) => o.info).filter((info) => info.key.startsWith(prefix));
      });
      snapshot.sort((a, b) => (a.key < b.key ? -1 : 1));
      yield* snapshot;
    },

    deletePrefix(prefix) {
      return settle(() => {
        assertValidDeletePrefix(prefix);
        let removed = 0;
        for (const key of [...objects.keys()]) {
          if (key.startsWith(prefix) && objects.delete(key)) removed += 1;
        }
        return removed;
      });
    },

    ping() {
      return Promise.resolve();
    },

    keys() {
      return [...objects.keys()].sort();
    },
  };
}
