/**
 * Where every object of an asset lives in storage. Keys depend only on (asset, revision, rendition,
 * segment), so a retried job overwrites its own partial output and a revision's objects never change once
 * committed: that is what makes segment URLs immutable and cacheable forever.
 */
import { isAssetId } from './asset.js';

const RENDITION_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;
/** A segment or init file name inside a rendition folder. */
const MEDIA_FILE = /^(init\.mp4|[1-9][0-9]{0,6}\.m4s)$/;

export function assetPrefix(assetId: string): string {
  return `assets/${assetId}/`;
}

export function sourceKey(assetId: string): string {
  return `${assetPrefix(assetId)}source`;
}

export function revisionPrefix(assetId: string, revision: number): string {
  return `${assetPrefix(assetId)}r${revision}/`;
}

/** `relativeUri` is a URI from the presentation description (`720p/init.mp4`). */
export function revisionObjectKey(assetId: string, revision: number, relativeUri: string): string {
  return `${revisionPrefix(assetId, revision)}${relativeUri}`;
}

export function presentationKey(assetId: string, revision: number): string {
  return `${revisionPrefix(assetId, revision)}presentation.json`;
}

export function isRenditionId(value: string): boolean {
  return RENDITION_ID.test(value);
}

export function isMediaFileName(value: string): boolean {
  return MEDIA_FILE.test(value);
}

/** A reference to one init or media segment, parsed from a request path; null when the path is not one. */
export interface MediaObjectRef {
  readonly assetId: string;
  readonly revision: number;
  readonly renditionId: string;
  readonly fileName: string;
}

/**
 * Validates every part of a media path before any storage call: nothing here can name a key outside the
 * asset's revision (no `..`, no encoded slash, no absolute key), because each part must match a closed pattern.
 */
export function parseMediaObjectRef(
  assetId: string,
  revisionPart: string,
  renditionId: string,
  fileName: string,
): MediaObjectRef | null {
  const revisionMatch = /^r([1-9][0-9]{0,5})$/.exec(revisionPart);
  if (
    !isAssetId(assetId) ||
    !revisionMatch?.[1] ||
    !isRenditionId(renditionId) ||
    !isMediaFileName(fileName)
  ) {
    return null;
  }
  return { assetId, revision: Number(revisionMatch[1]), renditionId, fileName };
}

export function mediaObjectKey(ref: MediaObjectRef): string {
  return revisionObjectKey(ref.assetId, ref.revision, `${ref.renditionId}/${ref.fileName}`);
}
