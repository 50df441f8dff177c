import { randomBase62 } from '../../packager/platform/random-ids.js';

/** Ids of resumable uploads: `up_` and 20 base62 characters. */
export const UPLOAD_ID_PATTERN = /^up_[A-Za-z0-9]{20}$/;

/** Every object of an upload (its parts) lives under this prefix until the upload becomes an asset. */
export function uploadPrefix(uploadId: string): string {
  return `uploads/${uploadId}/`;
}

/** A part's object key: its offset (zero-padded, so keys sort by offset) and a nonce, so two requests racing
 * at one offset never overwrite each other's bytes; the catalog decides which one counts. */
export function uploadPartKey(uploadId: string, offsetBytes: number): string {
  return `${uploadPrefix(uploadId)}${String(offsetBytes).padStart(15, '0')}-${randomBase62(8)}`;
}
