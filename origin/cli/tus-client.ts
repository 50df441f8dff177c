/**
 * A tus 1.0 client for the CLI: creates the upload (or resumes a known one), sends the file in chunks, and
 * survives broken connections: after a failed or refused PATCH it asks the server (HEAD) where the upload
 * stands and continues from that offset, backing off between attempts. The server's chunk size
 * (ScalaCast-Chunk-Size) keeps every request under the proxy limits it was configured for.
 */
import fs from 'node:fs/promises';
import { assertOk, CliError, type CliApi } from './cli-api.js';

export interface TusUploadOptions {
  readonly api: CliApi;
  readonly filePath: string;
  /** Upload-Metadata entries (filename, filetype, title, externalId, passthrough). */
  readonly metadata: Readonly<Record<string, string>>;
  /** An upload URL from an earlier, interrupted run: continue it when the server still has it. */
  readonly resumeUrl?: string | null;
  /** Overrides the server's advertised chunk size (never above it). */
  readonly chunkBytes?: number;
  /** Consecutive failed attempts tolerated before giving up. */
  readonly maxRetries?: number;
  readonly retryDelayMs?: (attempt: number) => number;
  /** Called once the upload URL is known, so a caller can remember it for a later resume. */
  readonly onUploadUrl?: (url: string) => void | Promise<void>;
  readonly onProgress?: (sentBytes: number, totalBytes: number) => void;
}

export interface TusUploadResult {
  readonly uploadUrl: string;
  readonly assetId: string;
  /** Offset the upload continued from (0 for a fresh one). */
  readonly resumedFromBytes: number;
}

const TUS = { 'tus-resumable': '1.0.0' };

export async function tusUpload(options: TusUploadOptions): Promise<TusUploadResult> {
  const { api } = options;
  const sizeBytes = (await fs.stat(options.filePath)).size;
  const delay = options.retryDelayMs ?? ((attempt: number) => Math.min(30_000, 500 * 2 ** attempt));
  let state = options.resumeUrl ? await headOrNull(api, options.resumeUrl) : null;
  if (state !== null && state.lengthBytes !== sizeBytes) state = null;
  const resumedFromBytes = state?.offsetBytes ?? 0;
  if (state === null) state = await create(api, sizeBytes, options.metadata);
  await options.onUploadUrl?.(state.url);
  const chunkBytes = Math.max(1, Math.min(options.chunkBytes ?? Number.POSITIVE_INFINITY, state.chunkBytes));
  const file = await fs.open(options.filePath, 'r');
  try {
    let offset = state.offsetBytes;
    let assetId = state.assetId;
    let failures = 0;
    options.onProgress?.(offset, sizeBytes);
    while (assetId === null) {
      const length = Math.min(chunkBytes, sizeBytes - offset);
      const chunk = Buffer.alloc(length);
      await file.read(chunk, 0, length, offset);
      try {
        const response = await api.request(state.url, {
          method: 'PATCH',
          headers: {
            ...TUS,
            'upload-offset': String(offset),
            'content-type': 'application/offset+octet-stream',
          },
          body: chunk,
        });
        if (response.status === 409 || response.status >= 500) throw new Error(`HTTP ${response.status}`);
        await assertOk(response, 'PATCH upload');
        offset = Number(response.headers.get('upload-offset'));
        assetId = response.headers.get('scalacast-asset-id');
        failures = 0;
        options.onProgress?.(offset, sizeBytes);
      } catch (error) {
        if (error instanceof CliError && !error.retryable) throw error;
        failures += 1;
        if (failures > (options.maxRetries ?? 8)) {
          throw new CliError(
            `The upload keeps failing (${error instanceof Error ? error.message : String(error)}); run the same command again to resume it.`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, delay(failures - 1)));
        const current = await headOrNull(api, state.url).catch(() => null);
        if (current === null) continue; // still unreachable: try again after the next delay
        offset = current.offsetBytes;
        assetId = current.assetId;
      }
    }
    return { uploadUrl: state.url, assetId, resumedFromBytes };
  } finally {
    await file.close();
  }
}

interface UploadState {
  readonly url: string;
  readonly offsetBytes: number;
  readonly lengthBytes: number;
  readonly chunkBytes: number;
  readonly assetId: string | null;
}

async function create(
  api: CliApi,
  sizeBytes: number,
  metadata: Readonly<Record<string, string>>,
): Promise<UploadState> {
  const response = await api.request(`${api.baseUrl}/v1/uploads`, {
    method: 'POST',
    headers: {
      ...TUS,
      'upload-length': String(sizeBytes),
      'upload-metadata': Object.entries(metadata)
        .map(([key, value]) => `${key} ${Buffer.from(value, 'utf8').toString('base64')}`)
        .join(','),
    },
  });
  await assertOk(response, 'POST /v1/uploads');
  const url = response.headers.get('location');
  if (!url) throw new CliError('The server created an upload without a Location.');
  return { url, offsetBytes: 0, lengthBytes: sizeBytes, chunkBytes: chunkOf(response), assetId: null };
}

/** Where an upload stands; null when the server no longer has it (expired, removed). */
async function headOrNull(api: CliApi, url: string): Promise<UploadState | null> {
  const response = await api.request(url, { method: 'HEAD', headers: TUS });
  if (response.status === 404 || response.status === 410) return null;
  await assertOk(response, 'HEAD upload');
  return {
    url,
    offsetBytes: Number(response.headers.get('upload-offset')),
    lengthBytes: Number(response.headers.get('upload-length')),
    chunkBytes: chunkOf(response),
    assetId: response.headers.get('scalacast-asset-id'),
  };
}

function chunkOf(response: Response): number {
  const advertised = Number(response.headers.get('scalacast-chunk-size'));
  return Number.isSafeInteger(advertised) && advertised > 0 ? advertised : 8 * 1024 * 1024;
}
