/**
 * The job contract shared by the origin (producer) and the workers (consumer). Versioned: a worker refuses a
 * payload version it does not know instead of guessing.
 */
import { z } from 'zod';
import { ASSET_ID_PATTERN } from '../domain/asset.js';
import type { PackageAssetJob } from '../ports.js';

export const PACKAGING_QUEUE = 'packaging';
/** The job the origin enqueues per (asset, revision): a whole short source, or the plan of a long one. */
export const PACKAGE_ASSET_JOB = 'package-asset';
/** One part of a chunked run: a chunk of the source (every rung) or its audio. */
export const ENCODE_PART_JOB = 'encode-part';
/** Finishes a chunked run once its parts are done (the parent of a BullMQ flow). */
export const FINISH_RUN_JOB = 'finish-run';

const packageAssetJobSchema = z.object({
  v: z.literal(1),
  assetId: z.string().regex(ASSET_ID_PATTERN),
  revision: z.number().int().min(1),
  sourceKey: z.string().min(1),
});

export function parsePackageAssetJob(data: unknown): PackageAssetJob | null {
  const parsed = packageAssetJobSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
}

/** One job per (asset, revision): enqueuing it twice is a no-op. BullMQ forbids `:` in custom ids. */
export function packageJobId(assetId: string, revision: number): string {
  return `${assetId}.r${revision}`;
}

/** The finish job of a run: one per (asset, revision), so scheduling a run twice adds nothing. */
export function finishRunJobId(assetId: string, revision: number): string {
  return `${assetId}.r${revision}.finish`;
}

export function encodePartJobId(assetId: string, revision: number, part: string): string {
  return `${assetId}.r${revision}.part.${part}`;
}

/** The asset a job of any kind works on; null for a payload this version does not know. */
export function assetIdOfJob(data: unknown): string | null {
  if (typeof data !== 'object' || data === null || !('assetId' in data)) return null;
  const { assetId } = data;
  return typeof assetId === 'string' && ASSET_ID_PATTERN.test(assetId) ? assetId : null;
}

/** The revision a job of any kind works on; null when the payload has none. */
export function revisionOfJob(data: unknown): number | null {
  if (typeof data !== 'object' || data === null || !('revision' in data)) return null;
  const { revision } = data;
  return typeof revision === 'number' && Number.isSafeInteger(revision) ? revision : null;
}

/** A cancel message: every job of the asset, or (`<assetId>@<n>`) only those of revisions below n. */
export function cancelMessage(assetId: string, belowRevision?: number): string {
  return belowRevision === undefined ? assetId : `${assetId}@${belowRevision}`;
}

export function parseCancelMessage(message: string): { assetId: string; belowRevision: number | null } {
  const [assetId = '', below] = message.split('@');
  return { assetId, belowRevision: below === undefined ? null : Number(below) };
}

/** Pub/sub channel on which the origin asks every worker to abort an asset's running job. */
export function cancelChannel(prefix: string): string {
  return `${prefix}:cancel-asset`;
}
