/**
 * Where the parts of a chunked run put what they encoded, and where its finish reads it back. Workers are on
 * different machines, so all of it goes through object storage:
 * - segments at their final keys, numbered as in the whole presentation, but for each rendition's tail from
 *   its last declared segment on (the describe step may still merge it, M5), uploaded while the part encodes
 *   (part-streamer.ts): players of a provisional presentation fetch them while the run goes on;
 * - init segments and that tail in the part attempt's scratch folder under the revision's `_work/` prefix
 *   (`_` cannot start a rendition id, so no playback path names these objects). The first chunk and the
 *   audio part put their init segments at the final keys too, for the provisional presentation;
 * - markers: `stored/<part>` once a part is stored, `front/<part>/<attempt>/<count>-<ms>` as it goes (what the
 *   provisional commit reads, chunked-provisional.ts);
 * - in the part's result, what measuring its segments at their final keys found (SegmentFacts), so the
 *   finish downloads only the init segments and the tails: the bytes of a whole source's ladder stay where
 *   they are (0.5 s of the benchmark's finish was downloading them, and it grows with the source).
 *
 * Each attempt writes a scratch folder of its own and the finish reads only the folder the completed attempt
 * reported, so a worker that lost its job can never mix its scratch in. A final key is the same for every
 * attempt of a part and holds the same media (same frames, same times, under one init) whichever wrote it.
 * Deleting the revision prefix (failure, delete) removes all of it; the finish removes `_work/` once the
 * revision is committed.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { segmentUri } from '../../manifests/model.js';
import { revisionObjectKey, revisionPrefix } from '../domain/object-keys.js';
import { measureRendition, type SegmentFacts } from '../media/measure-rendition.js';
import type { ObjectStore, TranscodedRendition } from '../ports.js';
import { renditionUris } from './describe-presentation.js';
import { mediaContentType } from './publish-revision.js';
import { runPool } from './run-pool.js';
import { declaredSegmentCount } from './declare-presentation.js';
import type { EncodedPart, EncodePartJob, RunChunk, StoredRendition } from './stage-jobs.js';

/** Objects a part's or a finish's transfers move at once. */
export const PARALLEL_TRANSFERS = 8;

export function workPrefix(assetId: string, revision: number): string {
  return `${revisionPrefix(assetId, revision)}_work/`;
}

export function partPrefix(assetId: string, revision: number, part: string, attempt: string): string {
  return `${workPrefix(assetId, revision)}parts/${part}/${attempt}/`;
}

/** Marks a part whose segments are stored (what the provisional commit counts). */
export function storedMarkerKey(assetId: string, revision: number, part: string): string {
  return `${storedMarkersPrefix(assetId, revision)}${part}`;
}

export function storedMarkersPrefix(assetId: string, revision: number): string {
  return `${workPrefix(assetId, revision)}stored/`;
}

/**
 * Marks how far a part's attempt got while it encodes: `count` segments of every rendition stored from its
 * first, at `atMs` (epoch ms). One empty object per step; an attempt keeps its first marker (where its pace is
 * measured from) and its latest (the part-streamer removes the ones between), so listing them stays cheap on
 * long sources. The `.front` ending makes a key its own exact delete prefix.
 */
export function frontMarkerKey(
  assetId: string,
  revision: number,
  part: string,
  attemptId: string,
  count: number,
  atMs: number,
): string {
  return `${frontMarkersPrefix(assetId, revision)}${part}/${attemptId}/${count}-${atMs}.front`;
}

export function frontMarkersPrefix(assetId: string, revision: number): string {
  return `${workPrefix(assetId, revision)}front/`;
}

/** A front marker's key below frontMarkersPrefix, read back; null for anything else. */
export function parseFrontMarker(
  relativeKey: string,
): { part: string; attemptId: string; count: number; atMs: number } | null {
  const match = /^([^/]+)\/([^/]+)\/(\d+)-(\d+)\.front$/.exec(relativeKey);
  if (!match?.[1] || !match[2]) return null;
  return { part: match[1], attemptId: match[2], count: Number(match[3]), atMs: Number(match[4]) };
}

/** `<id>/init.mp4`, as the presentation names it (segments: segmentUri of renditionUris(id)). */
export function initUri(id: string): string {
  return renditionUris(id).initUri;
}

export interface PartPlacement {
  readonly assetId: string;
  readonly revision: number;
  /** The attempt's scratch folder (partPrefix). */
  readonly prefix: string;
  /** 0-based index of the part's first segment in the presentation. */
  readonly firstSegment: number;
  /** Segments below this index go to their final keys; the rest to scratch. */
  readonly publishBelow: number;
  /** Also put the init segments at their final keys. */
  readonly publishInits: boolean;
}

/** Where a part's segments go: a chunk's from its first segment on, the audio part's from the first. */
export function partPlacement(job: EncodePartJob, chunk: RunChunk | null, prefix: string): PartPlacement {
  const startFrame = chunk?.startFrame ?? 0;
  return {
    assetId: job.assetId,
    revision: job.revision,
    prefix,
    firstSegment: job.plan.gopFrames > 0 ? startFrame / job.plan.gopFrames : 0,
    publishBelow: declaredSegmentCount(job.plan, job.sourceDurationMs) - 1,
    publishInits: startFrame === 0,
  };
}

/**
 * Uploads a part's renditions as placed, but for the final keys in `stored` (uploaded while it encoded,
 * part-streamer.ts); returns what the finish needs to find them, and the facts of the segments at their
 * final keys (measured here, where the files are: the finish then downloads only init segments and tails).
 */
export async function storePart(
  store: ObjectStore,
  placement: PartPlacement,
  renditions: readonly TranscodedRendition[],
  stored: ReadonlySet<string>,
  signal?: AbortSignal,
): Promise<EncodedPart['renditions']> {
  const { assetId, revision, prefix, firstSegment, publishBelow } = placement;
  const uploads: Array<() => Promise<unknown>> = [];
  const counts: Record<string, StoredRendition> = {};
  for (const rendition of renditions) {
    const contentType = mediaContentType(rendition.type);
    const put = (key: string, file: string) => {
      if (!stored.has(key)) uploads.push(() => store.putFile(key, file, contentType));
    };
    put(`${prefix}${initUri(rendition.id)}`, rendition.initPath);
    if (placement.publishInits)
      put(revisionObjectKey(assetId, revision, initUri(rendition.id)), rendition.initPath);
    let published = 0;
    rendition.segmentPaths.forEach((file, offset) => {
      const index = firstSegment + offset;
      const uri = segmentUri(renditionUris(rendition.id), index);
      if (index < publishBelow) {
        published += 1;
        put(revisionObjectKey(assetId, revision, uri), file);
      } else {
        put(`${prefix}${uri}`, file);
      }
    });
    // Only the segments at their final keys: the tail goes to the scratch folder, and the finish measures it.
    const measured = await measureRendition({
      ...rendition,
      segmentPaths: rendition.segmentPaths.slice(0, published),
    });
    const publishedFacts = measured.segments.map(({ path: _file, ...facts }) => facts);
    counts[rendition.id] = { segments: rendition.segmentPaths.length, published, publishedFacts };
  }
  await runPool(uploads, PARALLEL_TRANSFERS, async (upload) => {
    signal?.throwIfAborted();
    await upload();
  });
  return counts;
}

export interface FetchedPart {
  readonly renditions: TranscodedRendition[];
  /**
   * Final key -> the local file it stands for (objects the final publish need not upload): downloaded, or
   * not when the part reported its facts (`known`).
   */
  readonly published: Map<string, string>;
  /** Local file -> the facts the part measured, for segments not downloaded. */
  readonly known: Map<string, SegmentFacts>;
}

/**
 * Downloads a part stored by storePart into `dir`; `types` says which rendition ids are video. With
 * `measured`, segments at their final keys whose facts the part reported are not downloaded (nothing reads
 * them but the images rendered from the rungs, when the parts took none).
 */
export async function fetchPart(
  store: ObjectStore,
  revision: { readonly assetId: string; readonly revision: number },
  part: EncodedPart,
  types: Readonly<Record<string, 'video' | 'audio'>>,
  dir: string,
  options: { readonly measured: boolean },
  signal?: AbortSignal,
): Promise<FetchedPart> {
  const downloads: Array<() => Promise<void>> = [];
  const renditions: TranscodedRendition[] = [];
  const published = new Map<string, string>();
  const known = new Map<string, SegmentFacts>();
  const get = (key: string, file: string) => downloads.push(() => store.downloadToFile(key, file));
  for (const [id, counts] of Object.entries(part.renditions)) {
    const reported = counts.publishedFacts?.length === counts.published ? counts.publishedFacts : null;
    const facts = options.measured ? reported : null;
    const folder = path.join(dir, id);
    await fs.mkdir(folder, { recursive: true });
    const initPath = path.join(folder, 'init.mp4');
    get(`${part.prefix}${initUri(id)}`, initPath);
    const segmentPaths: string[] = [];
    for (let offset = 0; offset < counts.segments; offset += 1) {
      const uri = segmentUri(renditionUris(id), part.firstSegment + offset);
      const file = path.join(folder, path.basename(uri));
      segmentPaths.push(file);
      if (offset < counts.published) {
        const key = revisionObjectKey(revision.assetId, revision.revision, uri);
        published.set(key, file);
        const measured = facts?.[offset];
        if (measured) known.set(file, measured);
        else get(key, file);
      } else {
        get(`${part.prefix}${uri}`, file);
      }
    }
    renditions.push({ id, type: types[id] ?? 'video', initPath, segmentPaths });
  }
  await runPool(downloads, PARALLEL_TRANSFERS, async (download) => {
    signal?.throwIfAborted();
    await download();
  });
  return { renditions, published, known };
}
