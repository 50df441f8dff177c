import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { expect } from 'vitest';
import { isAppError } from '../../packager/domain/errors.js';
import type { ErrorCode } from '../../packager/domain/errors.js';
import type { ObjectInfo } from '../../packager/ports.js';

export const MIB = 1024 * 1024;

/** Deterministic bytes that differ per seed and per position (so a shifted or truncated copy never matches). */
export function patternBytes(sizeBytes: number, seed = 1): Buffer {
  const out = Buffer.alloc(sizeBytes);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < sizeBytes; i += 1) {
    // xorshift32: cheap and good enough to make every offset distinct-looking.
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** A stream of `chunks` with no announced size, as an HTTP upload without Content-Length looks. */
export function streamOf(...chunks: Buffer[]): Readable {
  return Readable.from(chunks);
}

export interface GeneratedStream {
  readonly stream: Readable;
  /** sha256 hex of everything the stream produced; read it after the stream has ended. */
  sha256(): string;
}

/**
 * `totalBytes` of generated data, produced 1 MiB at a time and never held at once: each chunk is one shared
 * random block stamped with its index, so the data is cheap to make and no two chunks are equal.
 */
export function generatedStream(totalBytes: number, seed = 7): GeneratedStream {
  const block = patternBytes(MIB, seed);
  const hash = createHash('sha256');
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let offset = 0, index = 0; offset < totalBytes; offset += MIB, index += 1) {
      const chunk = Buffer.from(block.subarray(0, Math.min(MIB, totalBytes - offset)));
      if (chunk.length >= 8) chunk.writeBigUInt64BE(BigInt(index), 0);
      hash.update(chunk);
      // Let the event loop breathe so readers and timers interleave with a big upload.
      await new Promise<void>((resolve) => setImmediate(resolve));
      yield chunk;
    }
  }
  return { stream: Readable.from(chunks()), sha256: () => hash.copy().digest('hex') };
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export async function sha256OfStream(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

export async function collect(items: AsyncIterable<ObjectInfo>): Promise<ObjectInfo[]> {
  const out: ObjectInfo[] = [];
  for await (const item of items) out.push(item);
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Awaits `action` and asserts it fails with an AppError of `code`; returns the error for further checks. */
export async function expectAppError(action: Promise<unknown>, code: ErrorCode): Promise<void> {
  let caught: unknown;
  try {
    await action;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected AppError ${code}`).toBeDefined();
  if (!isAppError(caught)) throw caught;
  expect(caught.code).toBe(code);
}

export function randomPrefix(): string {
  return `t${Math.random().toString(36).slice(2, 10)}/`;
}
