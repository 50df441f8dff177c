import { beforeAll, describe, expect, it } from 'vitest';
import { planChunks } from '../chunking/chunk-plan.js';
import { revisionObjectKey } from '../domain/object-keys.js';
import { createLogger } from '../platform/logger.js';
import { createMemoryCatalog } from '../../test/fakes/memory-catalog.js';
import { createMemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import { sourceMedia, sourceVideo } from '../../test/fixtures/source-media.js';
import { generateDashLadder, type DashLadderFixture } from '../../test/fixtures/generate-media.js';
import { commitProvisionalIfAhead } from './chunked-provisional.js';
import { initUri, storedMarkerKey } from './part-storage.js';
import { AUDIO_PART, chunkPartId } from './stage-flows.js';
import type { RunFacts } from './stage-jobs.js';
import { planDefaultLadder } from './stage-plans.js';

const logger = createLogger({ level: 'silent', base: {} });
const ASSET = 'ChunkedProvisional01';
const QUEUED_AT = 1_000_000;

const source = sourceMedia({ durationMs: 60_000, video: sourceVideo({ width: 640, height: 360 }) });
const { plan } = planDefaultLadder(source, {
  segmentDurationMs: 2000,
  x264Preset: 'veryfast',
  perTitle: false,
});
// 60 s in chunks of 10 s: c0..c5.
const chunks = (planChunks(60_000, plan, { thresholdMs: 10_000, chunkDurationMs: 10_000 }) ?? []).map(
  (chunk) => ({ ...chunk, part: chunkPartId(chunk.index) }),
);
const run: RunFacts = {
  v: 3,
  assetId: ASSET,
  revision: 1,
  sourceKey: 'sources/x',
  sourceDurationMs: 60_000,
  plan,
  chunks,
  commitProvisional: true,
  queuedAtMs: QUEUED_AT,
};

let ladder: DashLadderFixture;
beforeAll(async () => {
  // Real init segments (what the first chunk and the audio part put at their final keys).
  ladder = await generateDashLadder({
    source: { durationS: 2, width: 640, height: 360, fps: 30, audio: true },
    rungHeights: [360],
    audioMuxing: 'separate',
  });
}, 60_000);

async function world(stored: readonly string[]) {
  const store = createMemoryObjectStore();
  const catalog = createMemoryCatalog();
  await catalog.createAsset({ id: ASSET, title: null, sourceKey: 'sources/x', sourceSizeBytes: 1 });
  await catalog.markProcessing(ASSET, 1);
  const [video] = ladder.video;
  for (const rung of plan.video) {
    await store.putFile(revisionObjectKey(ASSET, 1, initUri(rung.id)), video?.initPath ?? '', 'video/mp4');
  }
  if (plan.audio && ladder.audio) {
    await store.putFile(
      revisionObjectKey(ASSET, 1, initUri(plan.audio.id)),
      ladder.audio.initPath,
      'audio/mp4',
    );
  }
  for (const part of stored) {
    await store.put(storedMarkerKey(ASSET, 1, part), Buffer.from('a1'), {
      contentType: 'text/plain',
      sizeBytes: 2,
    });
  }
  return { store, catalog };
}

describe('the provisional commit of a chunked run', () => {
  it('commits once the audio and the first chunks are stored at a pace a player cannot catch', async () => {
    const deps = await world([AUDIO_PART, 'c0', 'c1']);
    // 20 s of media stored 10 s after the run was queued: twice real time.
    await expect(commitProvisionalIfAhead(run, deps, logger, QUEUED_AT + 10_000)).resolves.toBe('committed');
    const asset = await deps.catalog.getAsset(ASSET);
    expect(asset?.status).toBe('processing');
    expect(asset?.presentation?.provisional).toBe(true);
    // The whole duration is declared, for every rendition of the plan.
    for (const rendition of [...(asset?.presentation?.video ?? []), ...(asset?.presentation?.audio ?? [])]) {
      expect(rendition.segments, rendition.id).toHaveLength(30);
    }
    expect(asset?.presentation?.video.map((rendition) => rendition.id)).toEqual(
      plan.video.map((rung) => rung.id),
    );
  });

  it('waits for a chunk more than a steady pace needs: chunks land whole, the front stands still meanwhile', async () => {
    // 10 s of media 5 s after the run was queued is twice real time too, but a player starting now would be at
    // 10 s before c1 (not started yet, or just) is stored.
    const deps = await world([AUDIO_PART, 'c0']);
    await expect(commitProvisionalIfAhead(run, deps, logger, QUEUED_AT + 5_000)).resolves.toBe('not-yet');
  });

  it('waits for the audio part', async () => {
    const deps = await world(['c0', 'c1', 'c2']);
    await expect(commitProvisionalIfAhead(run, deps, logger, QUEUED_AT + 5_000)).resolves.toBe('not-yet');
    expect((await deps.catalog.getAsset(ASSET))?.presentation).toBeNull();
  });

  it('counts only the chunks stored from the start: a gap is where a player would wait', async () => {
    const deps = await world([AUDIO_PART, 'c1', 'c2', 'c3']);
    await expect(commitProvisionalIfAhead(run, deps, logger, QUEUED_AT + 5_000)).resolves.toBe('not-yet');
  });

  it('waits while the encode is slower than a player would play', async () => {
    // 10 s of media in 60 s: a player starting now would catch up with the chunks long before the end.
    const deps = await world([AUDIO_PART, 'c0']);
    await expect(commitProvisionalIfAhead(run, deps, logger, QUEUED_AT + 60_000)).resolves.toBe('not-yet');
  });

  it('commits nothing on a re-packaging (the old revision plays until the new one is final)', async () => {
    const deps = await world([AUDIO_PART, 'c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
    const repackaging = { ...run, commitProvisional: false };
    await expect(commitProvisionalIfAhead(repackaging, deps, logger, QUEUED_AT + 1_000)).resolves.toBe(
      'not-yet',
    );
  });
});
