/**
 * The bytes of a video at a publisher's URL, as an UploadBody for the same create-asset path as a direct
 * upload. Fetched through the outbound guard (no loopback, private, link-local or metadata addresses, on
 * any redirect hop, unless allow-listed), within a deadline for the whole transfer and the upload size limit.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../../packager/domain/errors.js';
import type { AddressPolicy } from '../../packager/net/address-policy.js';
import type { Resolver } from '../../packager/net/guarded-lookup.js';
import { guardedRequest } from '../../packager/net/guarded-request.js';
import type { UploadBody } from './upload-body.js';

export interface UrlIngestOptions {
  readonly policy: AddressPolicy;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly resolve?: Resolver | undefined;
}

export async function openUrlUpload(url: string, options: UrlIngestOptions): Promise<UploadBody> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const timedOut = () =>
    new AppError(
      'url_fetch_failed',
      `The URL was not fetched within ${Math.round(options.timeoutMs / 1000)} s.`,
    );
  const response = await guardedRequest(url, {
    policy: options.policy,
    signal,
    ...(options.resolve ? { resolve: options.resolve } : {}),
  }).catch((error: unknown) => {
    throw signal.aborted ? timedOut() : error;
  });
  const declared = Number(response.headers['content-length'] ?? Number.NaN);
  const refuse = (error: AppError): never => {
    response.body.destroy();
    throw error;
  };
  if (response.status !== 200) {
    refuse(new AppError('url_fetch_failed', `The URL answered HTTP ${response.status}, not 200.`));
  }
  if (declared > options.maxBytes) refuse(tooLarge(options.maxBytes));
  if (declared === 0) refuse(new AppError('empty_body', 'The URL answered with an empty body.'));

  let exceeded = false;
  let sizeBytes = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      sizeBytes += chunk.length;
      if (sizeBytes > options.maxBytes) {
        exceeded = true;
        callback(tooLarge(options.maxBytes));
        return;
      }
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      callback(sizeBytes === 0 ? new AppError('empty_body', 'The URL answered with an empty body.') : null);
    },
  });
  response.body.once('error', (error) => limited.destroy(error));
  limited.once('close', () => response.body.destroy());
  response.body.pipe(limited);
  const contentType = String(response.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim();
  return {
    body: limited,
    contentType: contentType || 'application/octet-stream',
    ...(Number.isSafeInteger(declared) && declared > 0 ? { sizeBytes: declared } : {}),
    exceededLimit: () => exceeded,
    clientGone: () => false,
    failure: () => (signal.aborted ? timedOut() : null),
  };
}

function tooLarge(maxBytes: number): AppError {
  return new AppError(
    'payload_too_large',
    `The video at the URL is larger than the limit of ${maxBytes} bytes.`,
    {
      details: { maxBytes },
    },
  );
}
