/**
 * D2, D3 and D6 for side-loaded text (DASH-IF IOP 6.4.5): a text AdaptationSet says what it holds and in
 * which language, each of its Representations names its file, and the MPD names the same text files as the
 * HLS subtitle playlists (one set of objects, two manifests). The timeline rules (D3 SegmentTimeline, D4) and
 * codecs against an init segment (D5) are about CMAF media and do not apply. Pure; used by dash-rules.ts.
 */
import type { MpdAdaptationSet } from '../../manifests/dash/parse.js';
import type { PresentationSnapshot } from './snapshot.js';
import { dashTextTracks, hlsTextTracks } from './tracks.js';
import { lastPathParts } from './urls.js';
import { type Violation, violation } from './violation.js';

export function checkTextAdaptationSets(out: Violation[], snapshot: PresentationSnapshot): void {
  const tracks = dashTextTracks(snapshot);
  const seen = new Set<MpdAdaptationSet>();
  for (const { set, representation, name, fileUrls } of tracks) {
    if (!seen.has(set)) {
      seen.add(set);
      // Players list and pick text tracks by language, as they do audio (D2).
      if (set.lang === null)
        out.push(violation('D2', `AdaptationSet ${set.id ?? '?'}`, 'text without @lang'));
    }
    if ((representation.mimeType ?? set.mimeType) === null) {
      out.push(violation('D2', name, 'no @mimeType: players cannot tell which text format the file is'));
    }
    if (fileUrls.length === 0) {
      out.push(violation('D3', name, 'names no file: neither a BaseURL nor segment addressing'));
    }
  }
  if (snapshot.hls.parsed === null) return;
  const playlists = hlsTextTracks(snapshot);
  const hlsFiles = new Set(playlists.flatMap((track) => track.fileUrls));
  const dashFiles = new Set(tracks.flatMap((track) => track.fileUrls));
  for (const track of tracks) {
    const unknown = track.fileUrls.find((url) => !hlsFiles.has(url));
    if (unknown !== undefined) {
      out.push(
        violation('D6', track.name, `no HLS subtitle playlist lists its file ${lastPathParts(unknown, 2)}`),
      );
    }
  }
  for (const track of playlists) {
    const unknown = track.fileUrls.find((url) => !dashFiles.has(url));
    if (unknown !== undefined) {
      out.push(
        violation('D6', track.name, `no text Representation of the MPD names ${lastPathParts(unknown, 2)}`),
      );
    }
  }
}
