/**
 * An S3-protocol server for tests: s3rver (a Koa app over a folder) on a random loopback port, with two
 * test-only fixes that make it a faithful enough stand-in for MinIO/S3 when driven by the `minio` client:
 *
 * - `GET /<bucket>?uploads` (ListMultipartUploads) answers an empty list. minio calls it before every
 *   multipart upload (streams of unknown size, or larger than the part size) and s3rver answers
 *   NotImplemented, so without this no multipart upload can start.
 * - Object writes wait for the data to reach the file before answering. s3rver resolves its putObject when
 *   its hashing transform finishes, not when the file stream has flushed, so a read straight after a write
 *   (or after CompleteMultipartUpload) could see a short file. The fix writes to a temp file and renames it.
 *
 * - Deleting several objects of one folder at once (DeleteObjects) does not fail. s3rver removes the keys in
 *   parallel and each removal then prunes empty folders with no care for the others, so two keys in one
 *   folder end in a 500 (ENOENT). The fix prunes tolerantly.
 *
 * Still unlike S3: metadata (md5, content type) lives in side files written after the data, so an overwrite
 * is not atomic for concurrent readers; and a delimiter listing omits a prefix that holds only deeper folders.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, rmdir } from 'node:fs/promises';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface S3rverHandle {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly region: string;
  /** Creates a bucket with a fresh random name and returns the name. */
  createBucket(): Promise<string>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

// The parts of s3rver (CommonJS, untyped) this file touches.
interface S3rverObject {
  readonly bucket: string;
  readonly key: string;
  readonly content: Readable | Buffer;
  readonly metadata: Record<string, string>;
}
interface S3rverStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5: string): Promise<void>;
  putObject(object: S3rverObject): Promise<{ size: number; md5: string }>;
  putBucket(name: string): Promise<unknown>;
  getBucketPath(bucket: string): string;
  deleteObject(bucket: string, key: string): Promise<void>;
}
interface S3rverInstance {
  readonly store: S3rverStore;
  httpServer?: Server;
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

// s3rver's fixed credentials (it checks signatures against these).
const ACCESS_KEY = 'S3RVER';
const SECRET_KEY = 'S3RVER';
const REGION = 'us-east-1';

function isListMultipartUploads(req: IncomingMessage): boolean {
  if (req.method !== 'GET' || req.url === undefined) return false;
  const url = new URL(req.url, 'http://s3rver.invalid');
  return /^\/[^/]+\/?$/.test(url.pathname) && url.searchParams.has('uploads');
}

function answerNoUploads(req: IncomingMessage, res: ServerResponse): void {
  const bucket = new URL(req.url ?? '/', 'http://s3rver.invalid').pathname.replaceAll('/', '');
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
    `<Bucket>${bucket}</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker>` +
    '<MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated></ListMultipartUploadsResult>';
  req.resume();
  res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function installListUploadsShim(server: Server): void {
  const handlers = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (isListMultipartUploads(req)) {
      answerNoUploads(req, res);
      return;
    }
    for (const handler of handlers) handler.call(server, req, res);
  });
}

function makeObjectWritesDurable(store: S3rverStore): void {
  store.putObject = async (object) => {
    const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
    // Not ending in "._S3rver_object", so s3rver's listing never shows the temp file.
    const tmpPath = `${objectPath}.${randomBytes(4).toString('hex')}.tmp`;
    await mkdir(dirname(objectPath), { recursive: true });
    const md5 = createHash('md5');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        md5.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    const content = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
    try {
      await pipeline(content, measure, createWriteStream(tmpPath));
      await rename(tmpPath, objectPath);
    } catch (error) {
      await rm(tmpPath, { force: true });
      throw error;
    }
    const digest = md5.digest('hex');
    await store.putMetadata(object.bucket, object.key, object.metadata, digest);
    return { size, md5: digest };
  };
}

function makeDeletesRaceFree(store: S3rverStore): void {
  store.deleteObject = async (bucket, key) => {
    const files = ['object', 'object.md5', 'metadata.json'].map((r) => store.getResourcePath(bucket, key, r));
    await Promise.all(files.map((file) => rm(file, { force: true })));
    const folders = key.split('/').slice(0, -1);
    while (folders.length > 0) {
      try {
        await rmdir(join(store.getBucketPath(bucket), ...folders));
      } catch {
        return; // Not empty, or a concurrent deletion already pruned it.
      }
      folders.pop();
    }
  };
}

/** Starts s3rver on 127.0.0.1 with a random free port and a fresh temp folder. */
export async function startS3rver(): Promise<S3rverHandle> {
  const directory = await mkdtemp(join(tmpdir(), 'scalacast-s3rver-'));
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;
  const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  makeObjectWritesDurable(s3rver.store);
  makeDeletesRaceFree(s3rver.store);
  const { port } = await s3rver.run();
  const httpServer = s3rver.httpServer;
  if (!httpServer) throw new Error('s3rver did not expose its HTTP server');
  installListUploadsShim(httpServer);

  return {
    endpoint: `http://127.0.0.1:${port}`,
    accessKey: ACCESS_KEY,
    secretKey: SECRET_KEY,
    region: REGION,
    async createBucket() {
      const name = `t-${randomBytes(6).toString('hex')}`;
      await s3rver.store.putBucket(name);
      return name;
    },
    async stop() {
      const closing = s3rver.close();
      // Keep-alive sockets of clients that were never closed would hold close() open.
      httpServer.closeAllConnections();
      await closing;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
