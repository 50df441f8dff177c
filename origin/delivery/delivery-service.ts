/**
 * Playback delivery, independent of the HTTP framework: the node:http fast lane asks `answerNow` (memory
 * only, synchronous: a cache hit is answered without Hono, a promise or an allocation beyond the header
 * list), and the Hono routes ask `answer` for everything else. Both apply the same rules in the same order:
 * the asset (current revision), its playback policy (before any storage read), then the cache tiers.
 * Caption files and subtitle playlists are served here too, so they get the same ETags, conditional and
 * range requests, HEAD, signing and cache tiers as every manifest and segment.
 */
import { AppError, isAppError } from '../../packager/domain/errors.js';
import { mediaObjectKey } from '../../packager/domain/object-keys.js';
import type { MemorySegmentCache } from '../../packager/cache/memory-segment-cache.js';
import type { AssetDirectory } from '../cache/asset-directory.js';
import type { GuardedStore } from '../cache/guarded-store.js';
import type { ObjectLoader } from '../cache/object-loader.js';
import { captionObjectKey, captionPath } from '../captions/caption-tracks.js';
import { CONTENT_TYPES, contentTypeForFile } from '../http/cache-control.js';
import type { OriginMetrics } from '../http/metrics.js';
import { checkPlaybackAccess } from '../signing/playback-access.js';
import type { PlaybackTokens } from '../signing/playback-token.js';
import { answerPrepared, type RequestView } from './answer-prepared.js';
import type { DeliveryTarget } from './delivery-path.js';
import type { ManifestCache, ManifestTarget } from './manifest-cache.js';
import { answerObjectMiss, unsatisfiable, type ObjectAnswer } from './object-answer.js';
import { requirePlayable, type PlayableAsset } from './playable-asset.js';
import { waitForStoredObject } from './pending-object.js';
import type { PreparedResponse } from './prepared-response.js';

export type DeliveryAnswer = ObjectAnswer;

export interface DeliveryRequest extends RequestView {
  readonly target: DeliveryTarget;
}

export interface DeliveryService {
  /** The answer from memory right now, or undefined when it needs I/O or is a refusal (ask `answer`). */
  answerNow(request: DeliveryRequest): DeliveryAnswer | undefined;
  /** The answer; throws AppError for a refusal (404, 403, 409, 416, 503...). */
  answer(request: DeliveryRequest): Promise<DeliveryAnswer>;
  /** Drops this process's copy of the asset's record (after changing it through this process). */
  forget(assetId: string): void;
}

export interface DeliveryServiceDeps {
  readonly assets: AssetDirectory;
  readonly memory: MemorySegmentCache<PreparedResponse>;
  readonly objects: ObjectLoader<PreparedResponse>;
  readonly manifests: ManifestCache;
  readonly store: GuardedStore;
  /** Null when no signing key is configured: signed assets then refuse every request. */
  readonly tokens: PlaybackTokens | null;
  readonly metrics: Pick<OriginMetrics, 'cacheLookups'>;
  /** How long a request for a segment still being encoded waits for it (provisional revisions only). */
  readonly pendingSegmentWaitMs: number;
}

export function createDeliveryService(deps: DeliveryServiceDeps): DeliveryService {
  const { assets, memory, manifests } = deps;
  const memoryHits = deps.metrics.cacheLookups.labels('memory', 'segment', 'hit');
  const memoryMisses = deps.metrics.cacheLookups.labels('memory', 'segment', 'miss');

  const refusal = (playable: PlayableAsset, request: DeliveryRequest): AppError | null => {
    const policy = playable.asset.playbackPolicy;
    if (!policy.signed && policy.allowedOrigins.length === 0) return null;
    const { assetId, token } = request.target;
    return checkPlaybackAccess(
      policy,
      { assetId, token, header: (name) => request.header(name) },
      deps.tokens,
    );
  };

  return {
    forget: (assetId) => assets.forget(assetId),

    answerNow(request) {
      const { target } = request;
      try {
        const record = assets.peek(target.assetId);
        if (!record) return undefined;
        const playable = requirePlayable(record);
        if (refusal(playable, request) !== null) return undefined;
        let entry: PreparedResponse | null | undefined;
        if (isManifestTarget(target)) {
          entry = manifestFor(manifests, target, playable);
        } else {
          const object = objectFor(target, playable);
          if (!object) return undefined;
          entry = memory.getNow(object.key);
          if (entry) memoryHits.inc();
        }
        if (!entry) return undefined;
        const answer = answerPrepared(entry, request, !isManifestTarget(target));
        return answer === 'unsatisfiable' ? undefined : answer;
      } catch {
        return undefined; // every refusal is answered, with its problem body, by the Hono lane
      }
    },

    async answer(request) {
      const { target } = request;
      const playable = requirePlayable(await assets.get(target.assetId));
      const refused = refusal(playable, request);
      if (refused) throw refused;
      if (isManifestTarget(target)) {
        const entry = manifestFor(manifests, target, playable);
        if (!entry) throw new AppError('object_not_found', 'This revision has no such rendition.');
        const answer = answerPrepared(entry, request, false);
        if (answer === 'unsatisfiable') throw unsatisfiable(entry.body.length); // unreachable: no Range
        return answer;
      }
      const object = objectFor(target, playable);
      if (!object) {
        throw new AppError(
          'object_not_found',
          target.kind === 'object' ? 'No such segment.' : 'No caption file is served at this path.',
        );
      }
      return answerObject(request, object, isPending(target, playable));
    },
  };

  async function answerObject(request: DeliveryRequest, object: StoredObject, pending: boolean) {
    const entry = memory.getNow(object.key);
    if (entry) {
      memoryHits.inc();
      const answer = answerPrepared(entry, request, true);
      if (answer === 'unsatisfiable') throw unsatisfiable(entry.body.length);
      return answer;
    }
    memoryMisses.inc();
    try {
      return await answerObjectMiss(deps, request, object.key, object.contentType);
    } catch (error) {
      if (!pending || !isAppError(error) || error.code !== 'object_not_found') throw error;
      if (!(await waitForStoredObject(deps.store, object.key, deps.pendingSegmentWaitMs))) {
        throw new AppError('segment_not_ready', 'This segment is still being encoded; ask again shortly.');
      }
      return answerObjectMiss(deps, request, object.key, object.contentType);
    }
  }
}

/** A media object of the revision players see while that revision is still being encoded. */
function isPending(target: ObjectTarget, playable: PlayableAsset): boolean {
  return (
    target.kind === 'object' &&
    playable.presentation.provisional === true &&
    target.ref.revision === playable.revision
  );
}

type ObjectTarget = Exclude<DeliveryTarget, ManifestTarget>;

/** An immutable object in storage: what every object target comes down to. */
interface StoredObject {
  readonly key: string;
  readonly contentType: string;
}

function isManifestTarget(target: DeliveryTarget): target is ManifestTarget {
  return (
    target.kind === 'master' ||
    target.kind === 'mpd' ||
    target.kind === 'media-playlist' ||
    target.kind === 'subtitle-playlist'
  );
}

function manifestFor(
  manifests: ManifestCache,
  target: ManifestTarget,
  playable: PlayableAsset,
): PreparedResponse | null {
  // Only the current revision's media and subtitle playlists: older revisions' objects may be gone, and a
  // subtitle playlist lasts as long as its revision's presentation.
  if (
    (target.kind === 'media-playlist' || target.kind === 'subtitle-playlist') &&
    target.revision !== playable.revision
  ) {
    return null;
  }
  return manifests.get(target, playable);
}

/** Where the bytes of an object target live; null when the asset as it is now serves no such object. */
function objectFor(target: ObjectTarget, playable: PlayableAsset): StoredObject | null {
  switch (target.kind) {
    case 'object': {
      // Only committed revisions: objects of a revision still being packaged may yet be rewritten by a
      // retry, and a cache must never keep bytes that can change under an immutable URL.
      const { ref } = target;
      if (ref.revision > playable.revision) return null;
      return { key: mediaObjectKey(ref), contentType: contentTypeForFile(ref.fileName, ref.renditionId) };
    }
    case 'subtitle-file':
    case 'caption-file': {
      // A caption file belongs to the asset, not to a revision; a manifest of any committed revision may
      // name it. Only a version the asset has now is served: a cached copy of a replaced one never is.
      if (target.kind === 'subtitle-file' && target.revision > playable.revision) return null;
      const { language, version } = target.caption;
      const uri = captionPath(target.caption, 'vtt');
      if (!(playable.presentation.subtitles ?? []).some((track) => track.uri === uri)) return null;
      return { key: captionObjectKey(target.assetId, language, version), contentType: CONTENT_TYPES.webVtt };
    }
  }
}
