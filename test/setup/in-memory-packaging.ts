/**
 * The packaging pipeline without processes or ports: real ffprobe and ffmpeg over the in-memory object store
 * and catalog. Integration tests of the pipeline and the conformance checker's fixtures start here.
 */
import fs from 'node:fs/promises';
import { sourceKey } from '../../packager/domain/object-keys.js';
import { createFfprobeProber } from '../../packager/ffmpeg/prober.js';
import { createFfmpegComplexitySampler } from '../../packager/ffmpeg/complexity-sampler.js';
import { createFfmpegTranscoder } from '../../packager/ffmpeg/transcoder.js';
import type { PackageAssetDeps } from '../../packager/pipeline/pipeline-context.js';
import { createLogger } from '../../packager/platform/logger.js';
import type { Catalog, ObjectStore, PackageAssetJob } from '../../packager/ports.js';

export const silentLogger = createLogger({ level: 'silent', base: {} });

/** Real media tools on the given store and catalog, at test-friendly settings that `overrides` may change. */
export function realMediaDeps(
  ports: { readonly store: ObjectStore; readonly catalog: Catalog; readonly tmpDir: string },
  overrides: Partial<PackageAssetDeps> = {},
): PackageAssetDeps {
  return {
    ...ports,
    prober: createFfprobeProber({ ffprobePath: 'ffprobe' }),
    transcoder: createFfmpegTranscoder({ ffmpegPath: 'ffmpeg' }),
    sampler: createFfmpegComplexitySampler({ ffmpegPath: 'ffmpeg' }),
    segmentDurationMs: 2000,
    x264Preset: 'ultrafast',
    ffmpegThreads: 0,
    ...overrides,
  };
}

/** Stores a source (a file's path, or bytes) as an upload does and records its asset `queued`; returns revision 1's job. */
export async function uploadSource(
  ports: { readonly store: ObjectStore; readonly catalog: Catalog },
  assetId: string,
  source: string | Buffer,
): Promise<PackageAssetJob> {
  const bytes = typeof source === 'string' ? await fs.readFile(source) : source;
  await ports.store.put(sourceKey(assetId), bytes, { contentType: 'video/mp4', sizeBytes: bytes.length });
  await ports.catalog.createAsset({
    id: assetId,
    title: null,
    sourceKey: sourceKey(assetId),
    sourceSizeBytes: bytes.length,
  });
  return { v: 1, assetId, revision: 1, sourceKey: sourceKey(assetId) };
}
