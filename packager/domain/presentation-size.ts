import type { Presentation } from '../../manifests/model.js';

/**
 * Bytes of every media segment of a presentation, video and audio (init segments are a few hundred bytes
 * each and not described): what a committed revision occupies in storage, near enough for a dashboard.
 */
export function presentationSizeBytes(presentation: Presentation): number {
  let sizeBytes = 0;
  for (const rendition of [...presentation.video, ...presentation.audio]) {
    for (const segment of rendition.segments) sizeBytes += segment.sizeBytes;
  }
  return sizeBytes;
}
