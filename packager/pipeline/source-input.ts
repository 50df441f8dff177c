/**
 * Where the worker's media tools read a stored source without downloading it (the probe of every run, the
 * complexity probe and the parts of a chunked run): the store's own URL when it has one (S3: a presigned GET,
 * ffmpeg asking S3 for the ranges it needs), the object's bytes in its file when the store keeps them on this
 * machine (the filesystem store), else a loopback server in front of the store
 * (chunking/object-source-server.ts). Reading S3 directly spares the worker relaying every byte: the
 * complexity probe of the benchmark's 60 s 1080p source took 1.03-1.14 s instead of 1.14-1.28 s, and the
 * relay cost 0.1-0.2 s of CPU per probe and per three chunk reads, on the two cores the encodes need.
 */
import { serveObject, sourceGone } from '../chunking/object-source-server.js';
import { isAppError } from '../domain/errors.js';
import { fileRangeInput } from '../ffmpeg/args.js';
import type { Logger, ObjectStore } from '../ports.js';

export interface SourceInput {
  /** The input for ffmpeg and ffprobe; a credential when it is the store's URL: never logged. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * How long the store's URL opens the source: longer than any part's encode (a chunk is a few minutes of
 * media, a complexity probe seconds), since ffmpeg opens a new request when it seeks.
 */
const SOURCE_URL_TTL_SECONDS = 6 * 60 * 60;

export async function openSourceInput(
  store: ObjectStore,
  key: string,
  logger?: Logger,
): Promise<SourceInput> {
  if (store.readableUrl) {
    // The tools would only say "404 Not Found" of a source deleted meanwhile.
    if (!(await store.stat(key))) throw sourceGone(key);
    const url = await store.readableUrl(key, SOURCE_URL_TTL_SECONDS);
    return { url, close: async () => undefined };
  }
  if (store.localFile) {
    const file = await store.localFile(key).catch((error: unknown) => {
      throw isAppError(error) && error.code === 'object_not_found' ? sourceGone(key) : error;
    });
    // A source is written once, so the size read now stays its file's while the tools read it. An empty
    // range cannot be said (fileRangeInput); the relay serves it as what it is.
    if (file.sizeBytes > 0) {
      return { url: fileRangeInput(file.path, file.sizeBytes), close: async () => undefined };
    }
  }
  return serveObject(store, key, logger);
}
