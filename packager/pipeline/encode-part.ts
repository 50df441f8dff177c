/**
 * One part of a chunked run: a window of the source (every rung of the stage, one decode) or the whole
 * source's audio. Reads only its bytes of the source through a local Range server, encodes, and leaves the
 * files in scratch storage under a folder of its own attempt; the stage's finish job reads them.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { serveObject } from '../chunking/object-source-server.js';
import { partPrefix, uploadPart } from '../chunking/scratch-storage.js';
import { settleFailure } from './job-outcome.js';
import type { PackageAssetContext, PackageAssetDeps } from './pipeline-context.js';
import { failureScope, jobWorkDir, stageTimer } from './pipeline-context.js';
import type { EncodedPart, EncodePartJob } from './stage-jobs.js';

/** Share of progress a chunked run's preview stage stands for; the ladder takes the rest up to 99. */
const PREVIEW_PROGRESS_SHARE = 25;

export interface StageJobContext extends PackageAssetContext {
  /** Unique per attempt of the job: names this attempt's scratch folder. */
  readonly attemptId: string;
  /** Adds one to a counter shared by every worker and returns it (progress of a stage's parts). */
  countCompleted(key: string): Promise<number>;
  /** Tells every worker to stop this asset's running jobs (the run failed for good). */
  stopAssetJobs(): Promise<void>;
}

/** The encoded part, or null when the revision is no longer wanted (deleted, superseded, failed). */
export async function encodePart(
  job: EncodePartJob,
  deps: PackageAssetDeps,
  context: StageJobContext,
): Promise<EncodedPart | null> {
  const { assetId, revision } = job;
  const logger = context.logger.child({ assetId, revision, stage: job.stage, part: job.part });
  const prefix = partPrefix(assetId, revision, job.stage, job.part, context.attemptId);
  const workDir = jobWorkDir(deps, `${assetId}-r${revision}-${job.stage}-${job.part}`);
  const timed = stageTimer(deps);
  try {
    if (!(await isWanted(deps, assetId, revision))) {
      logger.info({}, 'part skipped: the revision is no longer being packaged');
      return null;
    }
    await fs.mkdir(workDir, { recursive: true });
    const outputDir = path.join(workDir, 'out');
    await fs.mkdir(outputDir);
    const server = await serveObject(deps.store, job.sourceKey, logger);
    let renditions;
    const startedAt = performance.now();
    try {
      renditions = await timed('transcode', () =>
        deps.transcoder.transcode(server.url, job.plan, outputDir, {
          signal: context.signal,
          logger,
          threads: deps.ffmpegThreads,
          // A ladder part yields to preview parts on the same machine: those make uploads playable.
          priority: job.stage === 'ladder' ? 'background' : 'normal',
          ...(job.window ? { window: job.window } : {}),
        }),
      );
    } finally {
      await server.close();
    }
    const wallMs = performance.now() - startedAt;
    const counts = await timed('scratch-upload', () =>
      uploadPart(deps.store, prefix, renditions, context.signal),
    );
    const encoded: EncodedPart = { part: job.part, prefix, renditions: counts };
    const mediaMs = mediaDurationMs(job, counts);
    if (mediaMs > 0) deps.observeEncodeSpeed?.(mediaMs / wallMs);
    await reportPartProgress(job, deps, context);
    logger.info({ renditions: counts, wallMs: Math.round(wallMs) }, 'part encoded');
    return encoded;
  } catch (thrown) {
    // Whatever happens, this attempt's own scratch folder goes (a retry writes a folder of its own).
    const error = await settleFailure(thrown, {
      ...failureScope(deps, { assetId, revision }, context, logger),
      removeOwnOutput: () => deps.store.deletePrefix(prefix),
      stopSiblings: () => context.stopAssetJobs(),
    });
    // The asset is now errored; failing the job fails the stage's finish job too (the flow's parent).
    throw error;
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
}

/** Still the revision being packaged: the asset exists, is processing, and nothing newer was started. */
export async function isWanted(
  deps: Pick<PackageAssetDeps, 'catalog'>,
  assetId: string,
  revision: number,
): Promise<boolean> {
  const asset = await deps.catalog.getAsset(assetId);
  if (!asset || asset.status !== 'processing') return false;
  return (await deps.catalog.getLatestRevision(assetId)) === revision;
}

function mediaDurationMs(job: EncodePartJob, counts: Readonly<Record<string, number>>): number {
  if (job.frameCount !== null && job.plan.frameRate.num > 0) {
    return (job.frameCount * job.plan.frameRate.den * 1000) / job.plan.frameRate.num;
  }
  return job.window === null
    ? job.sourceDurationMs
    : Math.max(0, ...Object.values(counts)) * job.plan.segmentDurationMs;
}

async function reportPartProgress(
  job: EncodePartJob,
  deps: PackageAssetDeps,
  context: StageJobContext,
): Promise<void> {
  const done = Math.min(
    job.partCount,
    await context.countCompleted(`${job.assetId}.r${job.revision}.${job.stage}`),
  );
  const [from, to] = job.stage === 'preview' ? [1, PREVIEW_PROGRESS_SHARE] : [PREVIEW_PROGRESS_SHARE, 99];
  const percent = from + ((to - from) * done) / Math.max(1, job.partCount);
  await deps.catalog.updateProgress(job.assetId, job.revision, percent).catch(() => false);
  await context.reportProgress?.(percent).catch(() => undefined);
}
