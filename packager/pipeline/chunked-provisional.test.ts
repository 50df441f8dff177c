import { beforeAll, describe, expect, it } from 'vitest';
import { planChunks } from '../chunking/chunk-plan.js';
import { revisionObjectKey } from '../domain/object-keys.js';
import { createLogger } from '../platform/logger.js';
import { createMemoryCatalog } from '../../test/fakes/memory-catalog.js';
import { createMemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import { sourceMedia, sourceVideo } from '../../test/fixtures/source-media.js';
import { generateDashLadder, type DashLadderFixture } from '../../test/fixtures/generate-media.js';
import { commitProvisionalIfAhead, runFront } from './chunked-provisional.js';
import { frontMarkerKey, initUri, storedMarkerKey } from './part-storage.js';
import { AUDIO_PART, chunkPartId } from './stage-flows.js';
import type { RunFacts } from './stage-jobs.js';
import { planDefaultLadder } from './stage-plans.js';

const logger = createLogger({ level: 'silent', base: {} });
const ASSET = 'ChunkedProvisional01';
const RUN_START = 1_000_000;

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

/** A front marker: `count` segments of `part` stored by `attempt`, `afterMs` after the run started. */
interface Front {
  readonly part: string;
  readonly attempt: string;
  readonly count: number;
  readonly afterMs: number;
}

async function world(done: readonly string[], fronts: readonly Front[] = []) {
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
  for (const part of done) {
    await store.put(storedMarkerKey(ASSET, 1, part), Buffer.from('a1'), {
      contentType: 'text/plain',
      sizeBytes: 2,
    });
  }
  for (const front of fronts) {
    const key = frontMarkerKey(ASSET, 1, front.part, front.attempt, front.count, RUN_START + front.afterMs);
    await store.put(key, Buffer.alloc(0), { contentType: 'text/plain', sizeBytes: 0 });
  }
  return { store, catalog };
}

/** `part` encoded by one attempt: `from` segments stored at `afterMs`, `to` at `untilMs`. */
function encoding(part: string, from: number, to: number, afterMs: number, untilMs: number): Front[] {
  return [
    { part, attempt: 'a1-aaaaaa', count: from, afterMs },
    { part, attempt: 'a1-aaaaaa', count: to, afterMs: untilMs },
  ];
}

describe('the provisional commit of a chunked run', () => {
  it('commits once the audio is stored and every chunk is predicted to be stored before a player needs it', async () => {
    // c0 and c1 done, c2 and c3 being encoded at 2x real time (6 s of each stored), c4 and c5 next.
    const fronts = [...encoding('c2', 1, 3, 8000, 10_000), ...encoding('c3', 1, 3, 8000, 10_000)];
    const deps = await world([AUDIO_PART, 'c0', 'c1'], fronts);
    await expect(commitProvisionalIfAhead(run, deps, logger, RUN_START + 10_100)).resolves.toBe('committed');
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
    // Asked again (by another part): committed already, nothing is committed twice.
    await expect(commitProvisionalIfAhead(run, deps, logger, RUN_START + 12_000)).resolves.toBe('committed');
  });

  it('waits while the first chunk is encoded slower than a player would play it', async () => {
    // c0 and c1 side by side at 0.4x real time: a player starting now would reach c0's 4 s at once.
    const fronts = [...encoding('c0', 1, 3, 5000, 15_000), ...encoding('c1', 1, 3, 5000, 15_000)];
    const deps = await world([AUDIO_PART], fronts);
    await expect(commitProvisionalIfAhead(run, deps, logger, RUN_START + 15_100)).resolves.toBe('not-yet');
  });

  it('waits for the audio part', async () => {
    const fronts = [...encoding('c3', 1, 3, 8000, 10_000)];
    const deps = await world(['c0', 'c1', 'c2'], fronts);
    await expect(commitProvisionalIfAhead(run, deps, logger, RUN_START + 10_100)).resolves.toBe('not-yet');
    expect((await deps.catalog.getAsset(ASSET))?.presentation).toBeNull();
  });

  it('waits while a gap has no worker on it: a player would wait there', async () => {
    const fronts = [...encoding('c4', 1, 3, 8000, 10_000)];
    const deps = await world([AUDIO_PART, 'c1', 'c2', 'c3'], fronts);
    await expect(commitProvisionalIfAhead(run, deps, logger, RUN_START + 10_100)).resolves.toBe('not-yet');
  });

  it('waits while a chunk has stopped advancing (its worker died)', async () => {
    const fronts = [...encoding('c2', 1, 3, 8000, 10_000), ...encoding('c3', 1, 3, 8000, 10_000)];
    const deps = await world([AUDIO_PART, 'c0', 'c1'], fronts);
    await expect(commitProvisionalIfAhead(run, deps, logger, RUN_START + 60_000)).resolves.toBe('not-yet');
  });

  it('commits nothing on a re-packaging (the old revision plays until the new one is final)', async () => {
    const deps = await world([AUDIO_PART, 'c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
    const repackaging = { ...run, commitProvisional: false };
    await expect(commitProvisionalIfAhead(repackaging, deps, logger, RUN_START + 1_000)).resolves.toBe(
      'not-yet',
    );
  });
});

describe('the run as its markers tell it', () => {
  it('takes a chunk stored as far as any attempt got, encoded where its latest attempt is', () => {
    const fronts = [
      { part: 'c0', attemptId: 'a1-aaaaaa', count: 1, atMs: 1000 },
      { part: 'c0', attemptId: 'a1-aaaaaa', count: 4, atMs: 4000 },
      { part: 'c0', attemptId: 'a2-bbbbbb', count: 1, atMs: 40_000 },
      { part: 'c0', attemptId: 'a2-bbbbbb', count: 2, atMs: 41_000 },
    ];
    const front = runFront(run, new Set(['c1']), fronts, 41_500);
    expect(front.spans[0]).toEqual({
      startMs: 0,
      endMs: 10_000,
      storedToMs: 8000,
      encoding: { encodedToMs: 4000, sinceAdvanceMs: 500 },
    });
    expect(front.spans[1]).toEqual({ startMs: 10_000, endMs: 20_000, storedToMs: 20_000, encoding: null });
    expect(front.spans[2]).toEqual({ startMs: 20_000, endMs: 30_000, storedToMs: 20_000, encoding: null });
    // The pace is the latest attempt's: 2 s of media in 1 s.
    expect(front.paces).toEqual([{ mediaMs: 2000, wallMs: 1000 }]);
    // The last declared segment (58 s on) is the finish's.
    expect(front.heldBackFromMs).toBe(58_000);
  });
});
