import type { Readable } from 'node:stream';
import type { Client } from 'minio';

export interface MultipartTarget {
  readonly client: Client;
  readonly bucket: string;
  readonly key: string;
  readonly contentType: string;
  readonly partSizeBytes: number;
}

/**
 * Uploads `source` as an S3 multipart upload in parts of `partSizeBytes` (the last may be shorter) and returns
 * the object's ETag. One part is stored while the next one is read, so receiving and storing overlap (an upload
 * through the API takes about as long as the slower of the two, not their sum) with at most two parts in
 * memory. S3 shows the object only once the upload completes; on any failure (the source erroring, a size limit
 * upstream, the store) the upload is aborted, so nothing becomes visible and no parts are left to bill.
 *
 * minio's own putObject does this too but cannot be used for it: it listens for errors on its internal
 * chunker rather than on the source, so a source that fails mid-way leaves its promise pending forever, and
 * it first lists in-progress uploads to resume one, which s3rver cannot answer.
 */
export async function uploadMultipart(target: MultipartTarget, source: Readable): Promise<string> {
  const { client, bucket, key, contentType, partSizeBytes } = target;
  const uploadId = await client.initiateNewMultipartUpload(bucket, key, { 'Content-Type': contentType });
  const parts: { part: number; etag: string }[] = [];
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let cut = 0;
  /** The part being stored (none yet: resolved), settled before the next one starts. */
  let storing: Promise<void> = Promise.resolve();

  async function sendPart(): Promise<void> {
    cut += 1;
    const part = cut;
    const payload = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await storing;
    storing = client
      .uploadPart(
        { bucketName: bucket, objectName: key, uploadID: uploadId, partNumber: part, headers: {} },
        payload,
      )
      .then((uploaded) => {
        parts.push({ part, etag: uploaded.etag });
      });
    // Awaited at the next part or at the end; until then its failure must not count as unhandled.
    storing.catch(() => undefined);
  }

  try {
    // While a part waits for the one before it to be stored, the loop does not pull: backpressure keeps
    // memory at about two parts.
    for await (const chunk of source as AsyncIterable<Buffer>) {
      let rest = chunk;
      while (pendingBytes + rest.length >= partSizeBytes) {
        const take = partSizeBytes - pendingBytes;
        pending.push(rest.subarray(0, take));
        pendingBytes += take;
        rest = rest.subarray(take);
        await sendPart();
      }
      if (rest.length > 0) {
        pending.push(rest);
        pendingBytes += rest.length;
      }
    }
    if (pendingBytes > 0 || cut === 0) await sendPart();
    await storing;
    const completed = await client.completeMultipartUpload(bucket, key, uploadId, parts);
    return completed.etag;
  } catch (error) {
    source.destroy();
    // A part still being stored would otherwise outlive the abort.
    await storing.catch(() => undefined);
    try {
      await client.abortMultipartUpload(bucket, key, uploadId);
    } catch {
      // The original failure is what the caller needs; a bucket lifecycle rule expires what is left.
    }
    throw error;
  }
}
