/**
 * Images of the current revision (poster, a thumbnail at any time, the storyboard) with the same access,
 * cache and CORS rules as segments (O1, O3-O5):
 *
 *   /play/{assetId}/poster.jpg                          the largest poster        (short max-age: follows the revision)
 *   /play/{assetId}/thumbnail.jpg?time=<seconds>        grid thumbnail at or before `time` (same)
 *   /play/{assetId}/storyboard.vtt                      WebVTT of sprite tiles    (same)
 *   /play/{assetId}/r{rev}/images/{folder}/{n}.jpg      any image of a revision   (immutable)
 *   /play/t/{token}/{assetId}/...                       the same, with a playback token
 *
 * The unrevisioned entry points may change when a new revision is committed, so they are cached like
 * manifests; the storyboard's tiles point at revisioned sprite URLs, cached forever. The playback policy
 * (signed URLs, allowed origins) is checked before any storage read, as for segments.
 */
import { Hono, type Context } from 'hono';
import { isAssetId } from '../../packager/domain/asset.js';
import { AppError } from '../../packager/domain/errors.js';
import {
  imageObjectKey,
  parseImagePath,
  renderStoryboardVtt,
  thumbnailIndexAt,
} from '../../packager/images/image-index.js';
import { readImageIndex } from '../../packager/images/publish-images.js';
import type { Catalog, ObjectStore } from '../../packager/ports.js';
import { requirePlayable, type PlayableAsset } from '../delivery/playable-asset.js';
import type { AppEnv } from '../http/app-env.js';
import {
  cacheControlFor,
  CONTENT_TYPES,
  IMMUTABLE_CACHE_CONTROL,
  type CacheControlOptions,
} from '../http/cache-control.js';
import { contentEtag, ifNoneMatchHits, strongEtag } from '../http/conditional.js';
import { toWebStream } from '../http/web-stream.js';
import { checkPlaybackAccess } from '../signing/playback-access.js';
import { TOKEN_SHAPE, type PlaybackTokens } from '../signing/playback-token.js';

export interface ImageRoutesDeps {
  readonly catalog: Catalog;
  readonly store: ObjectStore;
  /** Null without a signing key: signed assets then refuse every request, like segments. */
  readonly tokens: PlaybackTokens | null;
  readonly cache: CacheControlOptions;
}

const REVISION_PART = /^r([1-9][0-9]{0,5})$/;

export function createImageRoutes(deps: ImageRoutesDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const unrevisioned = cacheControlFor('manifest', deps.cache);

  const playable = async (c: Context<AppEnv>): Promise<PlayableAsset> => {
    const { assetId = '', token } = c.req.param() as { assetId?: string; token?: string };
    if (!isAssetId(assetId) || (token !== undefined && !TOKEN_SHAPE.test(token))) {
      throw new AppError('invalid_path', 'This is not a playback path.');
    }
    const asset = requirePlayable(await deps.catalog.getAsset(assetId));
    const policy = asset.asset.playbackPolicy;
    if (policy.signed || policy.allowedOrigins.length > 0) {
      const refused = checkPlaybackAccess(
        policy,
        {
          assetId,
          token: token ?? null,
          header: (name) => c.req.header(name) ?? (name === 'host' ? new URL(c.req.url).host : undefined),
        },
        deps.tokens,
      );
      if (refused) throw refused;
    }
    return asset;
  };

  const indexOf = async (asset: PlayableAsset) => {
    const index = await readImageIndex(deps.store, asset.asset.id, asset.revision);
    if (!index) throw new AppError('object_not_found', 'This asset has no images.');
    return index;
  };

  const image = async (c: Context<AppEnv>, key: string, cacheControl: string) => {
    const info = await deps.store.stat(key);
    if (!info) throw new AppError('object_not_found', 'No such image.');
    const etag = strongEtag(info.etag);
    const headers = { 'Content-Type': CONTENT_TYPES.jpeg, 'Cache-Control': cacheControl, ETag: etag };
    if (ifNoneMatchHits(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
    if (c.req.method === 'HEAD')
      return c.body(null, 200, { ...headers, 'Content-Length': String(info.sizeBytes) });
    const { body } = await deps.store.get(key);
    return new Response(toWebStream(body), {
      status: 200,
      headers: { ...headers, 'Content-Length': String(info.sizeBytes) },
    });
  };

  const poster = async (c: Context<AppEnv>) => {
    const asset = await playable(c);
    const [best] = (await indexOf(asset)).posters;
    if (!best) throw new AppError('object_not_found', 'This asset has no poster.');
    return image(c, imageObjectKey(asset.asset.id, asset.revision, 'poster', best.height), unrevisioned);
  };

  const thumbnail = async (c: Context<AppEnv>) => {
    const asset = await playable(c);
    const time = c.req.query('time') ?? '0';
    const seconds = Number(time);
    if (!/^[0-9]{1,7}(\.[0-9]{1,6})?$/.test(time) || !Number.isFinite(seconds)) {
      throw new AppError('invalid_request', 'time must be a number of seconds from the start (12.5).', {
        details: { parameter: 'time' },
      });
    }
    const index = await indexOf(asset);
    const position = thumbnailIndexAt(index, Math.round(seconds * 1000));
    return image(c, imageObjectKey(asset.asset.id, asset.revision, 'thumbs', position), unrevisioned);
  };

  const storyboard = async (c: Context<AppEnv>) => {
    const asset = await playable(c);
    const index = await indexOf(asset);
    const text = renderStoryboardVtt(index, (uri) => `r${asset.revision}/${uri}`);
    const etag = contentEtag(text);
    const headers = { 'Content-Type': CONTENT_TYPES.webVtt, 'Cache-Control': unrevisioned, ETag: etag };
    if (ifNoneMatchHits(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
    return c.body(text, 200, headers);
  };

  const revisioned = async (c: Context<AppEnv>) => {
    const { revisionPart = '', folder = '', file = '' } = c.req.param() as Record<string, string>;
    const revision = Number(REVISION_PART.exec(revisionPart)?.[1] ?? Number.NaN);
    const parsed = parseImagePath(folder, file);
    if (!Number.isInteger(revision) || !parsed)
      throw new AppError('invalid_path', 'This is not an image path.');
    const asset = await playable(c);
    // Committed revisions only, like segments: a revision still being packaged may yet be rewritten.
    if (revision > asset.revision) throw new AppError('object_not_found', 'No such image.');
    return image(
      c,
      imageObjectKey(asset.asset.id, revision, parsed.folder, parsed.index),
      IMMUTABLE_CACHE_CONTROL,
    );
  };

  for (const root of ['/play/:assetId', '/play/t/:token/:assetId']) {
    routes.get(`${root}/poster.jpg`, poster);
    routes.get(`${root}/thumbnail.jpg`, thumbnail);
    routes.get(`${root}/storyboard.vtt`, storyboard);
    routes.get(`${root}/:revisionPart/images/:folder/:file`, revisioned);
  }
  return routes;
}

/** The image links of the asset object: under the asset's playback root (which carries a token if signed). */
export function imageLinks(playbackRoot: string): { poster: string; thumbnail: string; storyboard: string } {
  return {
    poster: `${playbackRoot}/poster.jpg`,
    thumbnail: `${playbackRoot}/thumbnail.jpg`,
    storyboard: `${playbackRoot}/storyboard.vtt`,
  };
}
