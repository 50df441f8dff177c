/**
 * The job contract shared by the origin (producer) and the workers (consumer). Versioned: a worker refuses a
 * payload version it does not know instead of guessing.
 */
import { z } from 'zod';
import { ASSET_ID_PATTERN } from '../domain/asset.js';
import type { PackageAssetJob } from '../ports.js';

export const PACKAGING_QUEUE = 'packaging';
export const PACKAGE_ASSET_JOB = 'package-asset';

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

/** Pub/sub channel on which the origin asks every worker to abort an asset's running job. */
export function cancelChannel(prefix: string): string {
  return `${prefix}:cancel-asset`;
}
