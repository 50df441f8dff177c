/**
 * Progressive publish of a chunked run: while its parts encode, each stores its segments as they are written
 * and records how far it got (part-streamer.ts), and asks whether the run may be offered to players now. The
 * run is read back from the markers the parts left: a span per chunk, stored from its start up to its front
 * (the whole chunk once its part is done), being encoded by a worker at the pace its markers show, or waiting
 * for one; the rule (playable-lead.ts) predicts when every segment is stored from there. Then the provisional
 * presentation is declared from the plan and the init segments at their final keys (the first chunk and the
 * audio part put them there) and committed. Any part may be the one: the commit is idempotent. Wall clocks
 * of several machines meet here (marker times): NTP keeps them milliseconds apart, against paces measured over
 * seconds.
 */
import { framesToMs } from '../domain/frame-rate.js';
import { revisionObjectKey } from '../domain/object-keys.js';
import { parseInitSegment, type InitSegmentInfo } from '../media/init-segment.js';
import type { Catalog, Logger, ObjectStore } from '../ports.js';
import { declarePresentation, declaredSegmentCount } from './declare-presentation.js';
import { frontMarkersPrefix, initUri, parseFrontMarker, storedMarkersPrefix } from './part-storage.js';
import { isFarEnoughAhead, type EncodeFront, type EncodeSpan } from './playable-lead.js';
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
  if ((await deps.catalog.getAsset(assetId))?.currentRevision === revision) return 'committed';
  const done = new Set<string>();
  const storedPrefix = storedMarkersPrefix(assetId, revision);
  for await (const object of deps.store.list(storedPrefix)) done.add(object.key.slice(storedPrefix.length));
  if (plan.audio && !done.has(AUDIO_PART)) return 'not-yet';
  const fronts: FrontMarker[] = [];
  const frontPrefix = frontMarkersPrefix(assetId, revision);
  for await (const object of deps.store.list(frontPrefix)) {
    const marker = parseFrontMarker(object.key.slice(frontPrefix.length));
    if (marker) fronts.push(marker);
  }
  const front = runFront(run, done, fronts, nowMs);
  if (!isFarEnoughAhead(front)) return 'not-yet';

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
    { storedMs: front.spans.map((span) => Math.round(span.storedToMs - span.startMs)) },
    'provisional presentation committed: the asset is playable while its chunks encode',
  );
  return 'committed';
}

type FrontMarker = NonNullable<ReturnType<typeof parseFrontMarker>>;

/**
 * The run as the rule sees it. A chunk's stored front is the furthest any attempt got (a final key holds the
 * same media whoever wrote it); its encode is its latest attempt's (the one with the latest marker), which may
 * be behind that front after a retry. Segments past the last declared one's start are held back for the finish.
 */
export function runFront(
  run: RunFacts,
  done: ReadonlySet<string>,
  fronts: readonly FrontMarker[],
  nowMs: number,
): EncodeFront {
  const { frameRate, gopFrames } = run.plan;
  const declaredFrames = (declaredSegmentCount(run.plan, run.sourceDurationMs) - 1) * gopFrames;
  const paces: Array<{ mediaMs: number; wallMs: number }> = [];
  const spans = run.chunks.map((chunk): EncodeSpan => {
    const startMs = framesToMs(chunk.startFrame, frameRate);
    const endMs =
      chunk.frameCount === null
        ? run.sourceDurationMs
        : framesToMs(chunk.startFrame + chunk.frameCount, frameRate);
    const markers = fronts.filter((marker) => marker.part === chunk.part);
    const latest = markers.reduce<FrontMarker | null>(
      (last, marker) => (last === null || marker.atMs > last.atMs ? marker : last),
      null,
    );
    const atCount = (count: number) =>
      Math.min(endMs, framesToMs(Math.min(chunk.startFrame + count * gopFrames, declaredFrames), frameRate));
    if (latest) {
      const attempt = markers.filter((marker) => marker.attemptId === latest.attemptId);
      const first = attempt.reduce((earliest, marker) => (marker.atMs < earliest.atMs ? marker : earliest));
      paces.push({
        mediaMs: atCount(latest.count) - atCount(first.count),
        wallMs: latest.atMs - first.atMs,
      });
    }
    if (done.has(chunk.part)) return { startMs, endMs, storedToMs: endMs, encoding: null };
    if (!latest) return { startMs, endMs, storedToMs: startMs, encoding: null };
    return {
      startMs,
      endMs,
      storedToMs: atCount(Math.max(...markers.map((marker) => marker.count))),
      encoding: { encodedToMs: atCount(latest.count), sinceAdvanceMs: Math.max(0, nowMs - latest.atMs) },
    };
  });
  return {
    spans,
    paces,
    segmentMs: run.plan.segmentDurationMs,
    heldBackFromMs: framesToMs(declaredFrames, frameRate),
  };
}
