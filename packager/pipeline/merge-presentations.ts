/**
 * Two-stage packaging joins its stages here: the preview stage's presentation (the lowest rung and the
 * audio, already playable) and the ladder stage's (the other rungs, described without audio). Pure. The
 * stages are separate encodes of the same frames, so their segments must share every boundary; anything else
 * is a packager bug, reported like the describe stage's rule violations.
 */
import type { Presentation, VideoRendition } from '../../manifests/model.js';
import { ruleViolation } from '../media/segment-timeline.js';
import type { DescribeResult } from './describe-presentation.js';

export type MergeResult =
  { readonly ok: true; readonly presentation: Presentation } | Extract<DescribeResult, { ok: false }>;

export function mergePresentations(preview: Presentation, ladder: Presentation): MergeResult {
  const audioGroupId = preview.audio[0]?.groupId;
  const video: VideoRendition[] = [...ladder.video, ...preview.video].map((rendition) => {
    const { audioGroupId: _unused, ...rest } = rendition;
    return audioGroupId === undefined ? rest : { ...rest, audioGroupId };
  });
  const [reference] = video;
  for (const rendition of video) {
    if (!reference) break;
    const problem = boundaryMismatch(reference, rendition);
    if (problem !== null) {
      const error = ruleViolation('M6', `the ladder stage and the preview stage disagree: ${problem}`);
      return { ok: false, code: 'transcode_failed', message: error.message };
    }
  }
  return {
    ok: true,
    presentation: {
      ...preview,
      durationMs: Math.max(preview.durationMs, ladder.durationMs),
      video: video.sort((a, b) => b.bandwidthBps - a.bandwidthBps),
    },
  };
}

/** Null when `b` has `a`'s frame rate and segment boundaries (compared as exact rationals). */
function boundaryMismatch(a: VideoRendition, b: VideoRendition): string | null {
  if (a.frameRate.num * b.frameRate.den !== b.frameRate.num * a.frameRate.den) {
    return `${b.id} runs at ${b.frameRate.num}/${b.frameRate.den} fps, ${a.id} at ${a.frameRate.num}/${a.frameRate.den}`;
  }
  if (a.segments.length !== b.segments.length) {
    return `${b.id} has ${b.segments.length} segments, ${a.id} ${a.segments.length}`;
  }
  for (const [index, segment] of b.segments.entries()) {
    const other = a.segments[index];
    if (!other) break;
    const sameStart = segment.startTicks * a.timescale === other.startTicks * b.timescale;
    const sameDuration = segment.durationTicks * a.timescale === other.durationTicks * b.timescale;
    if (!sameStart || !sameDuration) return `segment ${index + 1} of ${b.id} and ${a.id} differ in time`;
  }
  return null;
}
