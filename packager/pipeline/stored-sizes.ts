/**
 * A retry of a revision players already have (committed provisional): the objects the failed attempt stored
 * are kept, since players and caches may hold their bytes under immutable URLs, and the encoder is not
 * bit-exact from one run to the next. The retry's own files for those keys are not uploaded, so the
 * description must state the kept objects' sizes, and the bandwidths that follow from them. Pure.
 */
import type { Presentation, Rendition } from '../../manifests/model.js';
import { segmentUri } from '../../manifests/model.js';
import { measureBandwidths } from '../media/segment-timeline.js';

/** `sizeOf(uri)`: the kept object's size at that revision-relative URI, or undefined when none is kept. */
export function withStoredSizes(
  presentation: Presentation,
  sizeOf: (uri: string) => number | undefined,
): Presentation {
  const resize = <R extends Rendition>(rendition: R): R => {
    const segments = rendition.segments.map((segment, index) => ({
      ...segment,
      sizeBytes: sizeOf(segmentUri(rendition, index)) ?? segment.sizeBytes,
    }));
    return { ...rendition, segments, ...measureBandwidths(segments, rendition.timescale) };
  };
  return {
    ...presentation,
    video: presentation.video.map(resize).sort((a, b) => b.bandwidthBps - a.bandwidthBps),
    audio: presentation.audio.map(resize),
  };
}
