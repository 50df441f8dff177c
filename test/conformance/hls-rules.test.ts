/**
 * H1-H8 on a real ladder packaged by ffmpeg and served by the origin app, then on deliberately broken
 * versions of it: every rule must be seen to fire, with the offending value in its message.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkHlsRules } from '../../packager/conformance/hls-rules.js';
import type { PresentationSnapshot } from '../../packager/conformance/snapshot.js';
import { type PackagedPresentation, packagePresentation, snapshotOf } from './packaged-presentation.js';
import { expectViolation, lines } from './rule-expect.js';
import { type Tamper, editSegment, on, patchFragment, rewrite, snapshotWith } from './tamper.js';

let ladder: PackagedPresentation;
let audioOnly: PackagedPresentation;
let baseline: PresentationSnapshot;

beforeAll(async () => {
  [ladder, audioOnly] = await Promise.all([
    packagePresentation({ durationS: 5, width: 854, height: 480, fps: 30, audio: true }),
    packagePresentation({ durationS: 4, width: 0, height: 0, fps: 0, audio: true, video: false }),
  ]);
  baseline = await snapshotOf(ladder);
});

const broken = snapshotWith;
const master = (text: (t: string) => string): Tamper => rewrite('master.m3u8', text);

describe('HLS multivariant rules', () => {
  it('find nothing to report on a real ladder and on a real audio-only presentation', async () => {
    expect(lines(checkHlsRules(baseline))).toEqual([]);
    expect(lines(checkHlsRules(await snapshotOf(audioOnly)))).toEqual([]);
  });

  it('H1: a BANDWIDTH under the measured peak of video plus audio', async () => {
    const snapshot = await broken(
      ladder,
      master((t) => t.replace(/:BANDWIDTH=\d+/, ':BANDWIDTH=100000')),
    );
    expectViolation(
      checkHlsRules(snapshot),
      'H1',
      '360p',
      /^declared BANDWIDTH 100000 < measured peak \d{6}$/,
    );
  });

  it('H2: a BANDWIDTH or AVERAGE-BANDWIDTH far above what the segments measure', async () => {
    const snapshot = await broken(
      ladder,
      master((t) =>
        t
          .replace(/:BANDWIDTH=(\d+)/, (_, bps: string) => `:BANDWIDTH=${Number(bps) * 2}`)
          .replace(/AVERAGE-BANDWIDTH=\d+/, 'AVERAGE-BANDWIDTH=1000'),
      ),
    );
    const violations = checkHlsRules(snapshot);
    expectViolation(
      violations,
      'H2',
      '360p',
      /^declared BANDWIDTH \d+ is more than 10% above measured peak \d+$/,
    );
    expectViolation(
      violations,
      'H2',
      '360p',
      /^declared AVERAGE-BANDWIDTH 1000 is more than 10% from measured average \d+$/,
    );
  });

  it('H3: CODECS missing, or not what the init segments say', async () => {
    const snapshot = await broken(
      ladder,
      master((t) =>
        t
          .replace('CODECS="avc1.64001e,mp4a.40.2",', 'CODECS="avc1.64001e",')
          .replace(/CODECS="avc1\.64001f,mp4a\.40\.2",/, ''),
      ),
    );
    const violations = checkHlsRules(snapshot);
    expectViolation(
      violations,
      'H3',
      '360p',
      /^declared CODECS "avc1.64001e", the init segments say "avc1.64001e,mp4a.40.2"$/,
    );
    expectViolation(violations, 'H3', '480p', /^no CODECS$/);
  });

  it('H4: a RESOLUTION other than the coded size, a FRAME-RATE badly written or not the measured one', async () => {
    const snapshot = await broken(
      ladder,
      master((t) =>
        t
          .replace('RESOLUTION=640x360,FRAME-RATE=30.000', 'RESOLUTION=640x352,FRAME-RATE=30')
          .replace('FRAME-RATE=30.000', 'FRAME-RATE=25.000'),
      ),
    );
    const violations = checkHlsRules(snapshot);
    expectViolation(violations, 'H4', '360p', /^RESOLUTION 640x352, the track is 640x360$/);
    expectViolation(violations, 'H4', '360p', /^FRAME-RATE=30 is not written with 3 decimals$/);
    expectViolation(
      violations,
      'H4',
      '480p',
      /^FRAME-RATE 25\.000, measured 30\.000 \(150 frames in 5\.000 s\)$/,
    );
  });

  it('H5: an unknown audio group, a bad LANGUAGE, no or wrong CHANNELS, names and defaults repeated', async () => {
    const media = /#EXT-X-MEDIA:[^\n]*\n/;
    const snapshot = await broken(
      ladder,
      master((t) =>
        t
          .replace(
            media,
            (line) =>
              `${line}${line.replace('LANGUAGE="und"', 'LANGUAGE="en_US"').replace(',CHANNELS="2"', '')}`,
          )
          .replace('CHANNELS="2"', 'CHANNELS="6"')
          .replace(/(#EXT-X-STREAM-INF:[^\n]*)AUDIO="audio"/, '$1AUDIO="commentary"'),
      ),
    );
    const violations = checkHlsRules(snapshot);
    expectViolation(violations, 'H5', '360p', /^AUDIO="commentary" names no EXT-X-MEDIA group$/);
    expectViolation(violations, 'H5', 'AUDIO audio', /^NAME Main used twice in the group$/);
    expectViolation(violations, 'H5', 'AUDIO audio', /^2 renditions are DEFAULT=YES$/);
    expectViolation(violations, 'H5', 'audio', /^LANGUAGE "en_US" is not a BCP-47 tag$/);
    expectViolation(violations, 'H5', 'audio', /^audio rendition without CHANNELS$/);
    expectViolation(violations, 'H5', 'audio', /^CHANNELS="6", the track has 2 channels$/);
  });

  it('H6: EXT-X-INDEPENDENT-SEGMENTS over a segment that does not start with a keyframe', () => {
    const snapshot = editSegment(baseline, '480p/2.m4s', patchFragment(0, { firstSampleIsSync: false }));
    expectViolation(
      checkHlsRules(snapshot),
      'H6',
      '480p',
      /^the master says EXT-X-INDEPENDENT-SEGMENTS but segment 2 does not start with a keyframe$/,
    );
  });

  it('H7: an audio-only variant with a RESOLUTION, an empty CODECS entry or another codec', async () => {
    const snapshot = await broken(
      audioOnly,
      master((t) => t.replace('CODECS="mp4a.40.2"', 'CODECS=",mp4a.40.5",RESOLUTION=0x0')),
    );
    const violations = checkHlsRules(snapshot);
    expectViolation(violations, 'H7', 'audio', /^RESOLUTION=0x0 is written$/);
    expectViolation(violations, 'H7', 'audio', /^CODECS=",mp4a\.40\.5" has an empty entry$/);
    expectViolation(violations, 'H7', 'audio', /^an audio-only variant declares a RESOLUTION$/);
    expectViolation(violations, 'H7', 'audio', /^audio-only CODECS ",mp4a.40.5", the track is mp4a.40.2$/);
  });

  it('H8: playlists served with another media type, or not at all', async () => {
    const snapshot = await broken(
      ladder,
      { when: on('master.m3u8'), headers: (h) => h.set('content-type', 'text/plain') },
      { when: on('480p.m3u8'), status: 404 },
    );
    const violations = checkHlsRules(snapshot);
    expectViolation(
      violations,
      'H8',
      'master',
      /^served as text\/plain, not application\/vnd\.apple\.mpegurl$/,
    );
    expectViolation(violations, 'H8', '480p', /^answered HTTP 404$/);
  });
});
