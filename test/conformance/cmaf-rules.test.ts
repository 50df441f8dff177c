/**
 * F1-F6 on the segments of a real ladder packaged by ffmpeg and served by the origin app, then on broken
 * bytes (through the origin's answers) and broken facts: every rule must be seen to fire.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkCmafRules } from '../../packager/conformance/cmaf-rules.js';
import type { PresentationSnapshot } from '../../packager/conformance/snapshot.js';
import { type PackagedPresentation, packagePresentation, snapshotOf } from './packaged-presentation.js';
import { expectViolation, lines } from './rule-expect.js';
import { editInit, editSegment, on, patchFragment, patchSample, snapshotWith } from './tamper.js';

let ladder: PackagedPresentation;
let baseline: PresentationSnapshot;

beforeAll(async () => {
  ladder = await packagePresentation({ durationS: 5, width: 854, height: 480, fps: 30, audio: true });
  baseline = await snapshotOf(ladder);
});

describe('CMAF segment rules', () => {
  it('find nothing to report in a real ladder', () => {
    expect(lines(checkCmafRules(baseline))).toEqual([]);
  });

  it('F1: two tracks in one file, or a track of the wrong kind for its place in the manifests', () => {
    let snapshot = editInit(baseline, '360p/init.mp4', (info) => ({ ...info, trackCount: 2 }));
    snapshot = editInit(snapshot, 'audio/init.mp4', (info) => ({ ...info, handler: 'vide' }));
    snapshot = editSegment(snapshot, '480p/1.m4s', (segment) => ({
      ...segment,
      error: "Invalid ISO-BMFF media: the 'moof' at 0 has 2 'traf' boxes; one track per file expects 1",
    }));
    const violations = checkCmafRules(snapshot);
    expectViolation(violations, 'F1', '360p', /^the init segment holds 2 tracks, not 1$/);
    expectViolation(violations, 'F1', 'audio', /^an EXT-X-MEDIA audio rendition holds a video track$/);
    expectViolation(violations, 'F1', 'audio', /^the audio AdaptationSet holds a video track$/);
    expectViolation(violations, 'F1', '480p', /^segment 1 \(480p\/1\.m4s\) is unreadable: .*2 'traf' boxes/);
  });

  it('F2: no cmfc brand, no mvex or trex, samples in moov, an init segment that does not parse', async () => {
    let snapshot = await snapshotWith(ladder, {
      when: on('audio/init.mp4'),
      bytes: (bytes) => bytes.subarray(0, 40),
    });
    snapshot = editInit(snapshot, '360p/init.mp4', (info) => ({
      ...info,
      brands: ['iso6', 'mp41'],
      sampleCount: 3,
    }));
    snapshot = editInit(snapshot, '480p/init.mp4', (info) => ({ ...info, hasMvex: false }));
    const violations = checkCmafRules(snapshot);
    expectViolation(violations, 'F2', '360p', /^ftyp brands \[iso6, mp41\] lack the CMAF brand cmfc$/);
    expectViolation(violations, 'F2', '360p', /^moov lists 3 samples; it must list none$/);
    expectViolation(violations, 'F2', '480p', /^moov has no mvex: the file is not fragmented$/);
    expectViolation(
      violations,
      'F2',
      'audio',
      /^init segment audio\/init\.mp4 is unreadable: Invalid ISO-BMFF media: .+/,
    );
    const noTrex = editInit(baseline, '480p/init.mp4', (info) => ({ ...info, trex: null }));
    expectViolation(checkCmafRules(noTrex), 'F2', '480p', /^mvex has no trex for track 1$/);
  });

  it('F3: a fragment without tfdt, a gap or an overlap in decode times, a segment that does not parse', async () => {
    let snapshot = await snapshotWith(ladder, {
      when: on('audio/2.m4s'),
      bytes: (bytes) => bytes.subarray(0, bytes.length - 10),
    });
    snapshot = editSegment(snapshot, '360p/2.m4s', patchFragment(0, { baseMediaDecodeTime: null }));
    snapshot = editSegment(
      snapshot,
      '480p/3.m4s',
      patchFragment(0, { baseMediaDecodeTime: 2 * 30720 + 100 }),
    );
    snapshot = editSegment(snapshot, '480p/2.m4s', patchFragment(0, { baseMediaDecodeTime: 30720 - 512 }));
    const violations = checkCmafRules(snapshot);
    expectViolation(violations, 'F3', '360p', /^segment 2 \(360p\/2\.m4s\): fragment \d+ has no tfdt$/);
    expectViolation(
      violations,
      'F3',
      '480p',
      /^segment 2 \(480p\/2\.m4s\) starts at tfdt 30208 but the previous fragment ends at 30720: an overlap of 512 ticks$/,
    );
    expectViolation(
      violations,
      'F3',
      '480p',
      /^segment 3 \(480p\/3\.m4s\) starts at tfdt 61540 but the previous fragment ends at 60928: a gap of 612 ticks$/,
    );
    expectViolation(
      violations,
      'F3',
      'audio',
      /^segment 2 \(audio\/2\.m4s\) is unreadable: Invalid ISO-BMFF media: .+/,
    );
  });

  it('F4: renditions of one switching set with different timescales or edit lists', () => {
    let snapshot = editInit(baseline, '360p/init.mp4', (info) => ({ ...info, timescale: 90000 }));
    snapshot = editInit(snapshot, '480p/init.mp4', (info) => ({
      ...info,
      editList: [{ segmentDurationTicks: 5000, mediaTimeTicks: 1024, mediaRate: 1 }],
    }));
    const violations = checkCmafRules(snapshot);
    expectViolation(violations, 'F4', '480p', /^timescale 15360, 360p has 90000$/);
    expectViolation(violations, 'F4', '480p', /^its edit list differs from 360p's$/);
  });

  it('F5: an open GOP, and GOPs that do not divide the segment', () => {
    // A B-frame presented before the IDR that opens its GOP: a leading picture, so the GOP is open.
    let snapshot = editSegment(baseline, '480p/2.m4s', patchSample(1, { compositionOffsetTicks: -5000 }));
    // A second IDR 1.5 s into a 2 s segment: GOPs of 1.5 s and 0.5 s.
    snapshot = editSegment(snapshot, '360p/2.m4s', patchSample(45, { isSync: true }));
    const violations = checkCmafRules(snapshot);
    expectViolation(
      violations,
      'F5',
      '480p',
      /^segment 2: sample 2 is presented before its GOP's sync sample \(open GOP\)$/,
    );
    expectViolation(violations, 'F5', '360p', /^GOP 2 \(segment 2\) lasts 1\.500 s, the first one 2\.000 s$/);
    expectViolation(violations, 'F5', '360p', /^GOP 3 \(segment 2\) lasts 0\.500 s, the first one 2\.000 s$/);
  });

  it('F6: audio that starts a video frame or more away from the video', () => {
    // An empty edit of 0.1 s delays the whole audio track.
    const snapshot = editInit(baseline, 'audio/init.mp4', (info) => ({
      ...info,
      editList: [
        { segmentDurationTicks: info.movieTimescale / 10, mediaTimeTicks: -1, mediaRate: 1 },
        { segmentDurationTicks: 0, mediaTimeTicks: 0, mediaRate: 1 },
      ],
    }));
    expectViolation(
      checkCmafRules(snapshot),
      'F6',
      'audio',
      /^audio starts at 0\.100 s and 360p at 0\.000 s: one video frame \(33\.3 ms\) or more apart$/,
    );
  });
});
