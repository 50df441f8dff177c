/**
 * M1-M6 on a real ladder (two video rungs and audio) packaged by ffmpeg and served by the origin app, then
 * on broken playlists and segment facts: every rule must be seen to fire.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkMediaPlaylistRules } from '../../packager/conformance/media-playlist-rules.js';
import type { PresentationSnapshot } from '../../packager/conformance/snapshot.js';
import { type PackagedPresentation, packagePresentation, snapshotOf } from './packaged-presentation.js';
import { expectViolation, lines } from './rule-expect.js';
import { editSegment, patchFragment, rewrite, snapshotWith } from './tamper.js';

let ladder: PackagedPresentation;
let baseline: PresentationSnapshot;

beforeAll(async () => {
  ladder = await packagePresentation({ durationS: 5, width: 854, height: 480, fps: 30, audio: true });
  baseline = await snapshotOf(ladder);
});

describe('HLS media playlist rules', () => {
  it('find nothing to report on a real ladder', () => {
    expect(lines(checkMediaPlaylistRules(baseline))).toEqual([]);
  });

  it('M1: an EXTINF longer than EXT-X-TARGETDURATION once rounded up', async () => {
    const snapshot = await snapshotWith(
      ladder,
      rewrite('360p.m3u8', (t) => t.replace('TARGETDURATION:2', 'TARGETDURATION:1')),
    );
    expectViolation(
      checkMediaPlaylistRules(snapshot),
      'M1',
      '360p',
      /^EXT-X-TARGETDURATION 1 < EXTINF 2 of segment 1 \(rounded up: 2\)$/,
    );
  });

  it('M2: EXT-X-MAP in a playlist of a version below 6', async () => {
    const snapshot = await snapshotWith(
      ladder,
      rewrite('360p.m3u8', (t) => t.replace('VERSION:7', 'VERSION:3')),
    );
    expectViolation(
      checkMediaPlaylistRules(snapshot),
      'M2',
      '360p',
      /^EXT-X-VERSION 3 with EXT-X-MAP \(needs 6\+\)$/,
    );
  });

  it('M3: no EXT-X-MAP, not VOD, no ENDLIST, or a playlist that changes', async () => {
    let fetches = 0;
    const snapshot = await snapshotWith(
      ladder,
      rewrite('360p.m3u8', (t) => t.replace(/#EXT-X-MAP:[^\n]*\n/, '').replace('#EXT-X-ENDLIST\n', '')),
      rewrite('480p.m3u8', (t) => t.replace('PLAYLIST-TYPE:VOD', 'PLAYLIST-TYPE:EVENT')),
      rewrite('audio.m3u8', (t) => `${t}# fetch ${(fetches += 1)}\n`),
    );
    const violations = checkMediaPlaylistRules(snapshot);
    expectViolation(violations, 'M3', '360p', /^no EXT-X-MAP before the first segment$/);
    expectViolation(violations, 'M3', '360p', /^no EXT-X-ENDLIST$/);
    expectViolation(violations, 'M3', '480p', /^EXT-X-PLAYLIST-TYPE is EVENT, not VOD$/);
    expectViolation(violations, 'M3', 'audio', /^the playlist changed between two fetches$/);
  });

  it('M4: an EXTINF more than one frame away from the duration of its samples', async () => {
    const snapshot = await snapshotWith(
      ladder,
      rewrite('480p.m3u8', (t) =>
        t.replace('#EXTINF:2.000000,\n480p/2.m4s', '#EXTINF:2.040000,\n480p/2.m4s'),
      ),
    );
    const violations = checkMediaPlaylistRules(snapshot);
    expectViolation(
      violations,
      'M4',
      '480p',
      /^segment 2 \(480p\/2\.m4s\): EXTINF 2\.04 but its samples last 2\.000 s \(more than one frame, 0\.033333 s, apart\)$/,
    );
    // Within one frame is fine: 20 ms on a 33 ms frame.
    const near = await snapshotWith(
      ladder,
      rewrite('480p.m3u8', (t) =>
        t.replace('#EXTINF:2.000000,\n480p/2.m4s', '#EXTINF:1.980000,\n480p/2.m4s'),
      ),
    );
    expect(lines(checkMediaPlaylistRules(near))).toEqual([]);
  });

  it('M5: an empty segment or a tail shorter than 0.5 s', async () => {
    const tail = await snapshotWith(
      ladder,
      rewrite('360p.m3u8', (t) =>
        t.replace('#EXTINF:1.000000,\n360p/3.m4s', '#EXTINF:0.300000,\n360p/3.m4s'),
      ),
    );
    expectViolation(
      checkMediaPlaylistRules(tail),
      'M5',
      '360p',
      /^the last segment lasts 0\.3 s, under 0\.5 s: merge it into the one before$/,
    );
    const empty = editSegment(baseline, '480p/2.m4s', patchFragment(0, { sampleCount: 0, durationTicks: 0 }));
    expectViolation(
      checkMediaPlaylistRules(empty),
      'M5',
      '480p',
      /^segment 2 \(480p\/2\.m4s\) is empty \(EXTINF 2\)$/,
    );
  });

  it('M6: a segment without an IDR, rungs cut differently, audio cut away from the video', async () => {
    let snapshot = editSegment(baseline, '480p/2.m4s', patchFragment(0, { firstSampleIsSync: false }));
    snapshot = editSegment(
      snapshot,
      '480p/3.m4s',
      patchFragment(0, { baseMediaDecodeTime: 2 * 30720 + 512 }),
    );
    snapshot = editSegment(
      snapshot,
      'audio/3.m4s',
      patchFragment(0, { baseMediaDecodeTime: 2 * 96256 + 2048 }),
    );
    const violations = checkMediaPlaylistRules(snapshot);
    expectViolation(violations, 'M6', '480p', /^segment 2 does not start with a sync sample \(IDR\)$/);
    expectViolation(violations, 'M6', '480p', /^segment 3 starts at 4\.033333 s, 360p's at 4\.000 s$/);
    expectViolation(
      violations,
      'M6',
      'audio',
      /^segment 3 starts at 4\.053333 s, the video's at 4\.000 s: 53\.3 ms apart, more than one AAC frame \(21\.3 ms\)$/,
    );

    const fewer = await snapshotWith(
      ladder,
      rewrite('480p.m3u8', (t) => t.replace('#EXTINF:1.000000,\n480p/3.m4s\n', '')),
      rewrite('audio.m3u8', (t) => t.replace(/#EXTINF:[0-9.]+,\naudio\/3\.m4s\n/, '')),
    );
    const counted = checkMediaPlaylistRules(fewer);
    expectViolation(counted, 'M6', '480p', /^2 segments, 360p has 3$/);
    expectViolation(
      counted,
      'M6',
      'audio',
      /^2 audio segments but 3 video segments: audio must be cut on the video boundaries$/,
    );
  });
});
