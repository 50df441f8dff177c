/**
 * The packaging pipeline's entry job, one function per stage:
 *   fetch source -> probe -> complexity probe (sampled) -> plan the per-title ladder (pure)
 *     -> whole source: one encode of the ladder, published segment by segment (package-whole-source.ts)
 *     -> long source: its chunks and audio scheduled as a flow of jobs (stage-flows.ts), each chunk every
 *        rung in one decode, published part by part (encode-part.ts, finish-run.ts)
 * It knows nothing of BullMQ or HTTP: the worker hands it a job, ports and a context.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { planChunks } from '../chunking/chunk-plan.js';
import type { PackageAssetJob } from '../ports.js';
import { settleFailure } from './job-outcome.js';
import { packageWholeSource } from './package-whole-source.js';
import {
  failureScope,
  jobWorkDir,
  stageOptions,
  stageTimer,
  type PackageAssetContext,
  type PackageAssetDeps,
  type PackageOutcome,
} from './pipeline-context.js';
import { sampleBitsPerPixel } from './complexity-probe.js';
import { openSourceInput } from './source-input.js';
import { chunkedRun } from './stage-flows.js';
import { ladderPlanFacts, planDefaultLadder, planWholeLadder } from './stage-plans.js';

/**
 * Packages one revision of an asset. Expected failures of the source (not a video, cannot be decoded) end
 * the asset `errored` and resolve; infrastructure failures reject with a retryable AppError so the queue
 * retries, and on the final attempt the asset is marked errored first.
 */
export async function packageAsset(
  job: PackageAssetJob,
  deps: PackageAssetDeps,
  context: PackageAssetContext,
): Promise<PackageOutcome> {
  const { assetId, revision } = job;
  const workDir = jobWorkDir(deps, `${assetId}-r${revision}`);
  const logger = context.logger.child({ assetId, revision });
  try {
    const before = await deps.catalog.getAsset(assetId);
    if (!before || !(await deps.catalog.markProcessing(assetId, revision))) return { status: 'gone' };
    // Progressive publish only on a first packaging: a re-packaged asset keeps its old revision until the
    // new one is final. A retry after a playable commit sees its own revision as current, and commits again.
    const commitProvisional =
      deps.progressive !== false && (before.currentRevision === null || before.currentRevision === revision);
    await fs.mkdir(workDir, { recursive: true });

    const sourcePath = path.join(workDir, 'source');
    const { source, chunks, bitsPerPixel } = await readSource(job, sourcePath, deps, context, logger);
    const ladder = planWholeLadder(source, stageOptions(deps), bitsPerPixel);
    if (chunks && deps.scheduler) {
      logger.info(
        {
          sourceDurationMs: source.durationMs,
          chunks: chunks.length,
          ...ladderPlanFacts(ladder, bitsPerPixel),
        },
        'packaging planned: chunks queued',
      );
      const run = chunkedRun({
        job,
        source,
        plan: ladder.plan,
        bitsPerPixel,
        chunks,
        commitProvisional,
      });
      await deps.scheduler.scheduleRun(run);
      await deps.catalog.updateProgress(assetId, revision, 1);
      return { status: 'scheduled', parts: run.parts.length };
    }
    logger.info(
      { sourceDurationMs: source.durationMs, ...ladderPlanFacts(ladder, bitsPerPixel) },
      'packaging planned: one encode of the whole ladder',
    );
    return await packageWholeSource(
      {
        job,
        source,
        sourcePath,
        plan: ladder.plan,
        commitProvisional,
        keepStored: before.currentRevision === revision && before.presentation?.provisional === true,
        workDir,
      },
      deps,
      { ...context, logger },
    );
  } catch (thrown) {
    const error = await settleFailure(thrown, {
      ...failureScope(deps, { assetId, revision }, context, logger),
    });
    return { status: 'errored', error };
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
}

/**
 * What the plan needs from the source: its media, its chunks when it is split, the probe's bits per pixel.
 * ffprobe reads the source where it is stored (its index, with Range requests: source-input.ts). A
 * whole-source encode then reads a local copy, downloaded before its complexity probe samples it, so that
 * minutes of encoding do not depend on the store; a source that long is a small file. A chunked run
 * downloads nothing: the complexity probe reads its few windows where the source is stored, as each part
 * reads its own window. (Downloading while the probe samples the store measured slower on two cores, the two
 * competing for them: 2.2-2.4 s for both against 1.9-2.0 s one after the other, on the benchmark's source.)
 */
async function readSource(
  job: PackageAssetJob,
  sourcePath: string,
  deps: PackageAssetDeps,
  context: PackageAssetContext,
  logger: PackageAssetContext['logger'],
) {
  const timed = stageTimer(deps);
  const input = await openSourceInput(deps.store, job.sourceKey, logger);
  try {
    const source = await timed('probe', () =>
      deps.prober.probe(input.url, { signal: context.signal, logger }),
    );
    const defaults = planDefaultLadder(source, stageOptions(deps));
    const chunks =
      deps.chunking && deps.scheduler
        ? planChunks(source.durationMs, defaults.plan, deps.chunking, source.video?.durationMs)
        : null;
    if (!chunks) {
      await timed('download', () => deps.store.downloadToFile(job.sourceKey, sourcePath));
      context.signal.throwIfAborted();
    }
    // Either way the ladder is planned before any encode starts, from a sampled complexity probe.
    const probeSize = deps.perTitle === false ? null : defaults.probeSize;
    const bitsPerPixel = probeSize
      ? await timed('complexity', () =>
          sampleBitsPerPixel(
            deps.sampler,
            chunks ? input.url : sourcePath,
            {
              durationMs: source.durationMs,
              frameRate: defaults.plan.frameRate,
              gopFrames: defaults.plan.gopFrames,
            },
            probeSize,
            path.join(path.dirname(sourcePath), 'probe'),
            { signal: context.signal, logger },
          ),
        )
      : null;
    return { source, chunks, bitsPerPixel };
  } finally {
    await input.close();
  }
}
