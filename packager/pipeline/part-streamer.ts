/**
 * A part of a chunked run stores its segments while its encode runs, as a whole-source encode does
 * (progressive-publish.ts): each finished segment is placed in the whole presentation (createChunkPlacer)
 * and, but for the held-back tail, uploaded to its final key (part-storage.ts); the first chunk's init
 * segments go to their final keys with its first segments. After each stored batch a video chunk of a run
 * that may turn playable records how far it got (a front marker) and asks whether the run may be offered to
 * players now (chunked-provisional.ts).
 */
import { segmentUri } from '../../manifests/model.js';
import type { ChunkPlacer } from '../chunking/place-chunk.js';
import { revisionObjectKey } from '../domain/object-keys.js';
import type { Logger, ObjectStore, TranscodedRendition } from '../ports.js';
import type { ProvisionalOutcome } from './chunked-provisional.js';
import { renditionUris } from './describe-presentation.js';
import { frontMarkerKey, initUri, type PartPlacement } from './part-storage.js';
import { mediaContentType } from './publish-revision.js';
import { runPool } from './run-pool.js';
import { serialWrittenSteps } from './written-steps.js';

const PARALLEL_UPLOADS = 4;

export interface PartStreamInput {
  readonly placement: PartPlacement;
  readonly placer: ChunkPlacer;
  /** The part's renditions: its front is where all of them have their segments stored. */
  readonly renditionIds: readonly string[];
  /** Record the front and ask for the provisional commit (a video chunk of an asset's first packaging). */
  readonly front: {
    readonly part: string;
    readonly attemptId: string;
    readonly commitIfAhead: () => Promise<ProvisionalOutcome>;
  } | null;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Told when storing cannot go on (an upload failed): stop the encode. */
  readonly stop: (reason: unknown) => void;
}

export interface PartStreamer {
  /** The transcoder's onSegmentsWritten. */
  readonly written: (renditions: readonly TranscodedRendition[]) => void;
  /** Waits for the uploads in flight; rethrows the first failure. Resolves to the final keys uploaded. */
  settle(): Promise<ReadonlySet<string>>;
}

export function createPartStreamer(input: PartStreamInput, store: ObjectStore): PartStreamer {
  const { placement, placer, front, signal } = input;
  const { assetId, revision } = placement;
  const uploaded = new Set<string>();
  const sent = new Map<string, number>();
  let recordedFront = 0;
  let firstMarker: string | null = null;
  let latestMarker: string | null = null;
  let asking = front !== null;

  const step = async (renditions: readonly TranscodedRendition[]): Promise<void> => {
    const uploads: Array<() => Promise<void>> = [];
    for (const rendition of renditions) {
      await placer.place(rendition, rendition.segmentPaths.length);
      const contentType = mediaContentType(rendition.type);
      const put = (key: string, file: string) =>
        uploads.push(async () => {
          await store.putFile(key, file, contentType);
          uploaded.add(key);
        });
      const from = sent.get(rendition.id);
      if (from === undefined && placement.publishInits) {
        put(revisionObjectKey(assetId, revision, initUri(rendition.id)), rendition.initPath);
      }
      const to = Math.min(rendition.segmentPaths.length, placement.publishBelow - placement.firstSegment);
      for (let offset = from ?? 0; offset < to; offset += 1) {
        const uri = segmentUri(renditionUris(rendition.id), placement.firstSegment + offset);
        put(revisionObjectKey(assetId, revision, uri), rendition.segmentPaths[offset] ?? '');
      }
      sent.set(rendition.id, Math.max(from ?? 0, to));
    }
    await runPool(uploads, PARALLEL_UPLOADS, async (upload) => {
      signal.throwIfAborted();
      await upload();
    });
    const stored = Math.min(...input.renditionIds.map((id) => sent.get(id) ?? 0));
    if (!front || !asking || stored <= recordedFront) return;
    recordedFront = stored;
    const marker = frontMarkerKey(assetId, revision, front.part, front.attemptId, stored, Date.now());
    try {
      await store.put(marker, Buffer.alloc(0), { contentType: 'text/plain', sizeBytes: 0 });
      // The attempt's first marker and its latest are all the rule reads (part-storage.ts).
      if (latestMarker !== null && latestMarker !== firstMarker) await store.deletePrefix(latestMarker);
      firstMarker ??= marker;
      latestMarker = marker;
      asking = (await front.commitIfAhead()) === 'not-yet';
    } catch (error) {
      // The segments are stored: a run that turns playable later is no reason to stop the encode.
      if (!signal.aborted) input.logger.warn({ err: error }, 'the provisional commit check failed');
    }
  };

  const steps = serialWrittenSteps(step, signal, input.stop);
  return {
    written: steps.push,
    async settle() {
      await steps.settle();
      return uploaded;
    },
  };
}
