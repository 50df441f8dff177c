import type { FileHandle } from 'node:fs/promises';
import type { ObjectInfo } from '../ports.js';
import { AppError } from '../domain/errors.js';

/**
 * The on-disk format of one filesystem object: the object's bytes, then a JSON trailer with its metadata,
 * then the trailer's length (uint32 BE) and a 4-byte magic. Metadata and bytes live in one file, so one
 * rename publishes both at once and a reader holding the file open sees one consistent version.
 */
const MAGIC = Buffer.from('SCO1', 'ascii');
const FOOTER_BYTES = 4 + MAGIC.length;
/** The trailer holds an md5 and a content type: anything larger means the file is not ours. */
const MAX_TRAILER_BYTES = 4096;

interface TrailerJson {
  readonly v: 1;
  readonly etag: string;
  readonly contentType: string;
  readonly sizeBytes: number;
}

export function encodeTrailer(etag: string, contentType: string, sizeBytes: number): Buffer {
  const json: TrailerJson = { v: 1, etag, contentType, sizeBytes };
  const body = Buffer.from(JSON.stringify(json), 'utf8');
  const footer = Buffer.alloc(FOOTER_BYTES);
  footer.writeUInt32BE(body.length, 0);
  MAGIC.copy(footer, 4);
  return Buffer.concat([body, footer]);
}

function corrupt(key: string, why: string): AppError {
  return new AppError('internal', `The stored object is damaged (${why}).`, { details: { key } });
}

/** Reads the metadata of an open object file; the content is bytes [0, info.sizeBytes) of the same handle. */
export async function readTrailer(handle: FileHandle, key: string): Promise<ObjectInfo> {
  const { size: fileBytes } = await handle.stat();
  if (fileBytes < FOOTER_BYTES) throw corrupt(key, 'too short');
  const footer = Buffer.alloc(FOOTER_BYTES);
  await handle.read(footer, 0, FOOTER_BYTES, fileBytes - FOOTER_BYTES);
  if (!footer.subarray(4).equals(MAGIC)) throw corrupt(key, 'no trailer');
  const trailerBytes = footer.readUInt32BE(0);
  if (trailerBytes > MAX_TRAILER_BYTES || trailerBytes + FOOTER_BYTES > fileBytes) {
    throw corrupt(key, 'bad trailer length');
  }
  const body = Buffer.alloc(trailerBytes);
  await handle.read(body, 0, trailerBytes, fileBytes - FOOTER_BYTES - trailerBytes);
  let json: Partial<TrailerJson>;
  try {
    json = JSON.parse(body.toString('utf8')) as Partial<TrailerJson>;
  } catch (error) {
    throw new AppError('internal', 'The stored object is damaged (bad trailer).', {
      details: { key },
      cause: error,
    });
  }
  const sizeBytes = fileBytes - FOOTER_BYTES - trailerBytes;
  if (json.v !== 1 || typeof json.etag !== 'string' || typeof json.contentType !== 'string') {
    throw corrupt(key, 'unknown trailer');
  }
  if (json.sizeBytes !== sizeBytes) throw corrupt(key, 'size does not match');
  return { key, sizeBytes, etag: json.etag, contentType: json.contentType };
}
