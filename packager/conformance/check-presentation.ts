/**
 * The conformance checker: fetches a presentation through the origin and judges it against every rule of
 * CONFORMANCE.md that applies (H, M, F, D and O). Used by the end-to-end tests and by `scalacast check`.
 */
import { checkCmafRules, CMAF_RULES } from './cmaf-rules.js';
import { type CollectOptions, type PlaybackUrls, collectSnapshot } from './collect.js';
import { checkDashRules, DASH_RULES } from './dash-rules.js';
import { checkHlsRules, HLS_RULES } from './hls-rules.js';
import { checkHttpRules, HTTP_RULES, isSignedPlayback } from './http-rules.js';
import { checkMediaPlaylistRules, MEDIA_PLAYLIST_RULES } from './media-playlist-rules.js';
import type { PresentationSnapshot } from './snapshot.js';
import { renditionTracks } from './tracks.js';
import { type ConformanceReport, RULE_IDS, sortViolations } from './violation.js';

export type { PlaybackUrls } from './collect.js';

/**
 * Fetches everything the playback URLs lead to (bounded concurrency) and checks it. Never throws for a
 * broken presentation: an unreachable manifest or segment is itself a violation. Rejects only when `signal`
 * aborts.
 */
export async function checkPresentation(
  urls: PlaybackUrls,
  options: CollectOptions = {},
): Promise<ConformanceReport> {
  return evaluateSnapshot(await collectSnapshot(urls, options));
}

/** The rules over an already collected snapshot. Pure. */
export function evaluateSnapshot(snapshot: PresentationSnapshot): ConformanceReport {
  const violations = [
    ...checkHlsRules(snapshot),
    ...checkMediaPlaylistRules(snapshot),
    ...checkCmafRules(snapshot),
    ...checkDashRules(snapshot),
    ...checkHttpRules(snapshot),
  ];
  const applied = new Set([
    ...HLS_RULES,
    ...MEDIA_PLAYLIST_RULES,
    ...CMAF_RULES,
    ...DASH_RULES,
    ...HTTP_RULES,
  ]);
  if (!isSignedPlayback(snapshot)) applied.delete('O6');
  return {
    violations: sortViolations(violations),
    checkedRules: RULE_IDS.filter((rule) => applied.has(rule)),
    stats: {
      renditions: renditionTracks(snapshot).length,
      segments: snapshot.segments.size,
      textFiles: snapshot.textFiles.size,
      bytes: snapshot.bytesReceived,
    },
  };
}
