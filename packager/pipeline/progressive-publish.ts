/**
 * Segment-level progressive publish of a whole-source encode: segments are uploaded while ffmpeg still
 * writes the rest, and once what is stored is far enough ahead that a player starting now will not catch up
 * with the encoder (playable-lead.ts: after the first segment when encoding is faster than real time), the
 * revision is committed as playable with a provisional presentation declaring every segment it will have
 * (declare-presentation.ts). Should a player still reach a segment not stored yet (the encode slowed down),
 * the origin holds its request until it is (pending-object.ts).
 *
 * The last declared segment of each rendition is never uploaded early: it is the one the describe stage may
 * still change (an M5 tail merge). The grid thumbnails the encode takes go up as they are finished too (the
 * posters are not: their file is rewritten). Everything uploaded here is a file the final publish would upload
 * as is, so the final publish skips exactly those (same key, same local file).
 */
import type { Presentation } from '../../manifests/model.js';
import { segmentUri } from '../../manifests/model.js';
import type { LadderPlan } from '../domain/ladder-plan.js';
import { revisionObjectKey } from '../domain/object-keys.js';
import { imageObjectKey } from '../images/image-index.js';
import { finishedThumbnails, thumbnailFile } from '../images/rendered-images.js';
import { readInitSegmentFile } from '../media/read-media-file.js';
import type { Catalog, Logger, ObjectStore, TranscodedRendition } from '../ports.js';
import { declarePresentation } from './declare-presentation.js';
import { isFarEnoughAhead, type EncodeFront } from './playable-lead.js';
import { mediaContentType } from './publish-revision.js';
import { runPool } from './run-pool.js';
import { serialWrittenSteps } from './written-steps.js';
import { timeStage, type StageObserver } from './stage-observer.js';

const PARALLEL_UPLOADS = 4;

export interface ProgressivePublishInput {
  readonly assetId: string;
  readonly revision: number;
  readonly plan: LadderPlan;
  readonly durationMs: number;
  /** Objects kept from an earlier attempt (key -> size): never uploaded again. */
  readonly kept: ReadonlyMap<string, number>;
  /** False: segments are uploaded early but nothing is committed (a re-packaging keeps its old revision). */
  readonly commit: boolean;
  /** Where the encode writes its images (encodeImagesSpec), when it takes any. */
  readonly imagesDir?: string | undefined;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Told when publishing cannot go on (an upload failed, the catalog refused the commit): stop the encode. */
  readonly stop: (reason: unknown) => void;
}

export interface ProgressivePublishDeps {
  readonly store: ObjectStore;
  readonly catalog: Catalog;
  readonly observeStage?: StageObserver | undefined;
}

export interface ProgressivePublisher {
  /** The transcoder's onSegmentsWritten. */
  readonly written: (renditions: readonly TranscodedRendition[]) => void;
  /** The transcoder's onEncodedTo: the encode's pace is measured from it. */
  readonly encodedTo: (mediaMs: number) => void;
  /** Waits for the uploads in flight; rethrows the first failure. */
  settle(): Promise<PublishedEarly>;
}

export interface PublishedEarly {
  /** Object key -> the local file uploaded under it. */
  readonly uploaded: ReadonlyMap<string, string>;
  /** The provisional presentation committed, or null when none was (yet, or at all). */
  readonly committed: Presentation | null;
  /** The catalog refused the commit: the revision was deleted or superseded meanwhile. */
  readonly refused: boolean;
}

export function createProgressivePublisher(
  input: ProgressivePublishInput,
  deps: ProgressivePublishDeps,
): ProgressivePublisher {
  const { assetId, revision, plan, logger } = input;
  const planned = [...plan.video.map((rung) => rung.id), ...(plan.audio ? [plan.audio.id] : [])];
  const uploaded = new Map<string, string>();
  const uploadedSegments = new Map<string, number>();
  let declared: Presentation | null | undefined;
  let committed: Presentation | null = null;
  let refused = false;
  /**
   * The encode's pace, measured two ways, the slower one counting (playable-lead.ts takes the slowest):
   * - from ffmpeg's reports (`reported` to `latest`): ffmpeg's start is behind the first one, and the pace over
   *   the first seconds is a little slower than later (the encoders' lookahead filling up), never faster; far
   *   finer than stored segments, it is known a segment of media into the encode, as the first one is stored;
   * - from the stored segments (`firstStored` on): known a segment later, and whatever ffmpeg reports (an
   *   ffmpeg that reports no progress still turns the asset playable while it encodes).
   */
  let reported: Moment | null = null;
  let latest: Moment | null = null;
  let firstStored: Moment | null = null;

  const step = async (renditions: readonly TranscodedRendition[]): Promise<void> => {
    if (refused) return;
    if (!planned.every((id) => renditions.some((rendition) => rendition.id === id))) return;
    declared ??= await declare(renditions);
    if (declared === null) return;
    const uploads: Array<() => Promise<unknown>> = [];
    const queueUpload = (key: string, filePath: string, contentType: string) => {
      if (input.kept.has(key) || uploaded.has(key)) return;
      uploads.push(async () => {
        await deps.store.putFile(key, filePath, contentType);
        uploaded.set(key, filePath);
      });
    };
    for (const rendition of [...declared.video, ...declared.audio]) {
      const files = renditions.find((written) => written.id === rendition.id);
      if (!files) continue;
      const contentType = mediaContentType(rendition.type);
      const put = (uri: string, filePath: string) =>
        queueUpload(revisionObjectKey(assetId, revision, uri), filePath, contentType);
      const from = uploadedSegments.get(rendition.id) ?? 0;
      // Never the last declared segment (see the top of this file).
      const to = Math.min(files.segmentPaths.length, rendition.segments.length - 1);
      if (from === 0 && to > 0) put(rendition.initUri, files.initPath);
      for (let index = from; index < to; index += 1) {
        put(segmentUri(rendition, index), files.segmentPaths[index] ?? '');
      }
      if (to > from) uploadedSegments.set(rendition.id, to);
    }
    const dir = input.imagesDir;
    if (dir) {
      for (const index of await finishedThumbnails(dir)) {
        queueUpload(
          imageObjectKey(assetId, revision, 'thumbs', index),
          thumbnailFile(dir, index),
          'image/jpeg',
        );
      }
    }
    await runPool(uploads, PARALLEL_UPLOADS, async (upload) => {
      input.signal.throwIfAborted();
      await upload();
    });
    if (input.commit && committed === null && isFarEnoughAhead(front(declared))) {
      const presentation = declared;
      const accepted = await timeStage(deps.observeStage, 'commit', 'preview', () =>
        deps.catalog.commitPreview(assetId, revision, presentation),
      );
      if (!accepted) {
        refused = true;
        input.stop(new Error('the catalog refused the provisional commit'));
        return;
      }
      committed = presentation;
      logger.info(
        { segments: presentation.video[0]?.segments.length },
        'provisional presentation committed: the asset is playable while it encodes',
      );
    }
  };

  /** The encode as one span: how far every rendition's stored segments reach, and its paces (above). */
  const front = (presentation: Presentation): EncodeFront => {
    const stored = Math.min(...planned.map((id) => uploadedSegments.get(id) ?? 0));
    const [video] = presentation.video;
    const msAt = (ticks: number) => (video ? (ticks * 1000) / video.timescale : 0);
    const reach = video?.segments[stored - 1];
    const encodedMs = reach ? msAt(reach.startTicks + reach.durationTicks) : 0;
    const now = performance.now();
    if (firstStored === null && encodedMs > 0) firstStored = { mediaMs: encodedMs, atMs: now };
    const paces = [
      ...(reported && latest ? [paceBetween(reported, latest)] : []),
      ...(firstStored ? [paceBetween(firstStored, { mediaMs: encodedMs, atMs: now })] : []),
    ];
    return {
      spans: [
        {
          startMs: 0,
          endMs: presentation.durationMs,
          storedToMs: encodedMs,
          encoding: { encodedToMs: encodedMs, sinceAdvanceMs: 0 },
        },
      ],
      paces,
      segmentMs: plan.segmentDurationMs,
      heldBackFromMs: msAt(video?.segments.at(-1)?.startTicks ?? 0),
    };
  };

  const declare = async (renditions: readonly TranscodedRendition[]): Promise<Presentation | null> => {
    const inits = new Map(
      await Promise.all(
        renditions.map(
          async (rendition) => [rendition.id, await readInitSegmentFile(rendition.initPath)] as const,
        ),
      ),
    );
    const presentation = declarePresentation({ plan, durationMs: input.durationMs, inits });
    // A single segment leaves nothing to publish early: the final publish is as quick.
    return presentation && (presentation.video[0]?.segments.length ?? 0) > 1 ? presentation : null;
  };

  const steps = serialWrittenSteps(step, input.signal, input.stop);
  return {
    written: steps.push,
    encodedTo(mediaMs) {
      if (mediaMs <= 0) return;
      latest = { mediaMs, atMs: performance.now() };
      reported ??= latest;
    },
    async settle() {
      await steps.settle();
      return { uploaded, committed, refused };
    },
  };
}

/** A position of the encode (ms of media) and when it was reached (performance.now()). */
interface Moment {
  readonly mediaMs: number;
  readonly atMs: number;
}

function paceBetween(from: Moment, to: Moment): { mediaMs: number; wallMs: number } {
  return { mediaMs: to.mediaMs - from.mediaMs, wallMs: to.atMs - from.atMs };
}
