/**
 * Progressive publish of a chunked run: each part, once its segments are stored, asks whether the run may be
 * offered to players now. The stored media is the run of chunks stored from the start (chunks finish out of
 * order on many workers; a gap is where a player would wait), and with the audio stored. Its pace is measured
 * from when the run was queued (wall clocks of two machines: NTP keeps them milliseconds apart, against paces
 * measured over tens of seconds), and the same rule as a whole-source run's decides (playable-lead.ts); then the
 * provisional presentation is declared from the plan and the init segments at their final keys (the first
 * chunk and the audio part put them there) and committed. Any part may be the one: the commit is idempotent.
 */
import { framesToMs } from '../domain/frame-rate.js';
import { revisionObjectKey } from '../domain/object-keys.js';
import { parseInitSegment, type InitSegmentInfo } from '../media/init-segment.js';
import type { Catalog, Logger, ObjectStore } from '../ports.js';
import { declarePresentation, declaredSegmentCount } from './declare-presentation.js';
import { initUri, storedMarkersPrefix } from './part-storage.js';
import { isFarEnoughAhead } from './playable-lead.js';
import { AUDIO_PART } from './stage-flows.js';
import type { RunFacts } from './stage-jobs.js';
import { timeStage, type StageObserver } from './stage-observer.js';

const MAX_INIT_BYTES = 1024 * 1024;

export interface ChunkedProvisionalDeps {
  readonly store: ObjectStore;
  readonly catalog: Catalog;
  readonly observeStage?: StageObserver | undefined;
}

export type ProvisionalOutcome = 'not-yet' | 'committed' | 'refused';

export async function commitProvisionalIfAhead(
  run: RunFacts,
  deps: ChunkedProvisionalDeps,
  logger: Logger,
  nowMs: number = Date.now(),
): Promise<ProvisionalOutcome> {
  if (!run.commitProvisional) return 'not-yet';
  const { assetId, revision, plan } = run;
  const stored = new Set<string>();
  const prefix = storedMarkersPrefix(assetId, revision);
  for await (const object of deps.store.list(prefix)) stored.add(object.key.slice(prefix.length));
  if (plan.audio && !stored.has(AUDIO_PART)) return 'not-yet';
  const encodedMs = storedFromStartMs(run, stored);
  // The rule extrapolates a steady pace, but chunks land whole: the stored front stands still while the next
  // one encodes, up to a chunk of media behind that line. So the front it counts is one chunk shorter.
  const front = {
    encodedMs: encodedMs - framesToMs(run.chunks[0]?.frameCount ?? 0, plan.frameRate),
    sinceFirst: { mediaMs: encodedMs, wallMs: nowMs - run.queuedAtMs },
    durationMs: run.sourceDurationMs,
    segmentMs: plan.segmentDurationMs,
  };
  if (encodedMs === 0 || !isFarEnoughAhead(front)) return 'not-yet';

  const inits = new Map<string, InitSegmentInfo>();
  for (const id of [...plan.video.map((rung) => rung.id), ...(plan.audio ? [plan.audio.id] : [])]) {
    const bytes = await deps.store.getBuffer(
      revisionObjectKey(assetId, revision, initUri(id)),
      MAX_INIT_BYTES,
    );
    inits.set(id, parseInitSegment(bytes));
  }
  const presentation = declarePresentation({ plan, durationMs: run.sourceDurationMs, inits });
  if (!presentation) return 'not-yet';
  const accepted = await timeStage(deps.observeStage, 'commit', 'preview', () =>
    deps.catalog.commitPreview(assetId, revision, presentation),
  );
  if (!accepted) return 'refused';
  logger.info(
    { storedMs: Math.round(encodedMs), chunks: [...stored].sort() },
    'provisional presentation committed: the asset is playable while its chunks encode',
  );
  return 'committed';
}

/**
 * Media stored from the start without a gap, in ms: whole chunks from the first, up to the last declared
 * segment (never stored early).
 */
function storedFromStartMs(run: RunFacts, stored: ReadonlySet<string>): number {
  const { frameRate, gopFrames } = run.plan;
  let frames = 0;
  for (const chunk of run.chunks) {
    if (!stored.has(chunk.part)) break;
    frames = chunk.frameCount === null ? Number.POSITIVE_INFINITY : chunk.startFrame + chunk.frameCount;
  }
  const heldBackFrom = (declaredSegmentCount(run.plan, run.sourceDurationMs) - 1) * gopFrames;
  const reach = Math.min(frames, heldBackFrom);
  return framesToMs(reach, frameRate);
}
