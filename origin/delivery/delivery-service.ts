/**
 * Playback delivery, independent of the HTTP framework: the node:http fast lane asks `answerNow` (memory
 * only, synchronous: a cache hit is answered without Hono, a promise or an allocation beyond the header
 * list), and the Hono routes ask `answer` for everything else. Both apply the same rules in the same order:
 * the asset (current revision), its playback policy (before any storage read), then the cache tiers.
 */
import { AppError } from '../../packager/domain/errors.js';
import { mediaObjectKey, type MediaObjectRef } from '../../packager/domain/object-keys.js';
import type { MemorySegmentCache } from '../../packager/cache/memory-segment-cache.js';
import type { AssetDirectory } from '../cache/asset-directory.js';
import type { GuardedStore } from '../cache/guarded-store.js';
import type { ObjectLoader } from '../cache/object-loader.js';
import { contentTypeForFile } from '../http/cache-control.js';
import type { OriginMetrics } from '../http/metrics.js';
import { checkPlaybackAccess } from '../signing/playback-access.js';
import type { PlaybackTokens } from '../signing/playback-token.js';
import { answerPrepared, type RequestView } from './answer-prepared.js';
import type { DeliveryTarget } from './delivery-path.js';
import type { ManifestCache } from './manifest-cache.js';
import { answerObjectMiss, unsatisfiable, type ObjectAnswer } from './object-answer.js';
import { requirePlayable, type PlayableAsset } from './playable-asset.js';
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
        if (target.kind === 'object') {
          if (target.ref.revision > playable.revision) return undefined;
          entry = memory.getNow(mediaObjectKey(target.ref));
          if (entry) memoryHits.inc();
        } else {
          entry = manifestFor(manifests, target, playable);
        }
        if (!entry) return undefined;
        const answer = answerPrepared(entry, request, target.kind === 'object');
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
      if (target.kind !== 'object') {
        const entry = manifestFor(manifests, target, playable);
        if (!entry) throw new AppError('object_not_found', 'This revision has no such rendition.');
        const answer = answerPrepared(entry, request, false);
        if (answer === 'unsatisfiable') throw unsatisfiable(entry.body.length); // unreachable: no Range
        return answer;
      }
      return answerObject(request, target.ref, playable);
    },
  };

  async function answerObject(request: DeliveryRequest, ref: MediaObjectRef, playable: PlayableAsset) {
    // Only committed revisions: objects of a revision still being packaged may yet be rewritten by a retry,
    // and a cache must never keep bytes that can change under an immutable URL.
    if (ref.revision > playable.revision) throw new AppError('object_not_found', 'No such segment.');
    const key = mediaObjectKey(ref);
    const entry = memory.getNow(key);
    if (entry) {
      memoryHits.inc();
      const answer = answerPrepared(entry, request, true);
      if (answer === 'unsatisfiable') throw unsatisfiable(entry.body.length);
      return answer;
    }
    memoryMisses.inc();
    return answerObjectMiss(deps, request, key, contentTypeForFile(ref.fileName, ref.renditionId));
  }
}

function manifestFor(
  manifests: ManifestCache,
  target: Exclude<DeliveryTarget, { kind: 'object' }>,
  playable: PlayableAsset,
): PreparedResponse | null {
  // Only the current revision's media playlists: older revisions' objects may be gone.
  if (target.kind === 'media-playlist' && target.revision !== playable.revision) return null;
  return manifests.get(target, playable);
}
