/**
 * D1-D6 on the MPD of a real ladder packaged by ffmpeg and served by the origin app, then on broken MPDs:
 * every rule must be seen to fire.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDashRules } from '../../packager/conformance/dash-rules.js';
import type { PresentationSnapshot } from '../../packager/conformance/snapshot.js';
import { type PackagedPresentation, packagePresentation, snapshotOf } from './packaged-presentation.js';
import { expectViolation, lines } from './rule-expect.js';
import { on, rewrite, snapshotWith } from './tamper.js';

let ladder: PackagedPresentation;
let baseline: PresentationSnapshot;

beforeAll(async () => {
  ladder = await packagePresentation({ durationS: 5, width: 854, height: 480, fps: 30, audio: true });
  baseline = await snapshotOf(ladder);
});

async function checkMpd(edit: (mpd: string) => string) {
  return checkDashRules(await snapshotWith(ladder, rewrite('manifest.mpd', edit)));
}

/** The Representation element of `id`, rewritten by `edit`. */
function representation(id: string, edit: (element: string) => string): (mpd: string) => string {
  return (mpd) =>
    mpd.replace(new RegExp(`<Representation id="${id}"[\\s\\S]*?</Representation>`), (element) =>
      edit(element),
    );
}

describe('DASH MPD rules', () => {
  it('find nothing to report in the MPD of a real ladder', () => {
    expect(lines(checkDashRules(baseline))).toEqual([]);
  });

  it('D1: a dynamic MPD, durations not in seconds, no duration, an MPD that changes', async () => {
    let fetches = 0;
    const violations = await checkMpd((mpd) =>
      mpd
        .replace('type="static"', 'type="dynamic"')
        .replace(/minBufferTime="PT([\d.]+)S"/, 'minBufferTime="PT0H0M$1S"')
        .replace('</MPD>', `<!-- fetch ${(fetches += 1)} --></MPD>`),
    );
    expectViolation(violations, 'D1', 'mpd', /^type is dynamic, not static$/);
    expectViolation(
      violations,
      'D1',
      'mpd',
      /^minBufferTime="PT0H0M[\d.]+S" is not written in seconds \(PT12\.5S\)$/,
    );
    expectViolation(violations, 'D1', 'mpd', /^the static MPD changed between two fetches$/);
    const undated = await checkMpd((mpd) => mpd.replace(/ mediaPresentationDuration="[^"]*"/, ''));
    expectViolation(undated, 'D1', 'mpd', /^no mediaPresentationDuration$/);
  });

  it('D2: missing attributes, and values the segments contradict', async () => {
    const violations = await checkMpd((mpd) =>
      representation('480p', (r) => r.replace(' sar="1:1"', '').replace('width="854"', 'width="850"'))(
        representation('audio', (r) =>
          r
            .replace('audioSamplingRate="48000"', 'audioSamplingRate="44100"')
            .replace('value="2"', 'value="6"'),
        )(mpd),
      )
        .replace(' segmentAlignment="true" startWithSAP="1" maxWidth', ' startWithSAP="1" maxWidth')
        .replace(' lang="und"', '')
        .replace(/(<Representation id="360p"[^>]*)bandwidth="\d+"/, '$1bandwidth="1000"'),
    );
    expectViolation(
      violations,
      'D2',
      'AdaptationSet 0',
      /^video AdaptationSet without segmentAlignment="true"$/,
    );
    expectViolation(violations, 'D2', 'AdaptationSet 1', /^audio AdaptationSet without @lang$/);
    expectViolation(violations, 'D2', '480p', /^no @sar$/);
    expectViolation(violations, 'D2', '480p', /^850x480 declared, the track is 854x480$/);
    expectViolation(violations, 'D2', '360p', /^declared bandwidth 1000 < measured peak \d+$/);
    expectViolation(violations, 'D2', 'audio', /^audioSamplingRate 44100, the track has 48000 Hz$/);
    expectViolation(violations, 'D2', 'audio', /^AudioChannelConfiguration 6, the track has 2 channels$/);
  });

  it('D3: @duration with a timeline, mixed addressing, a timeline with gaps or away from tfdt', async () => {
    const violations = await checkMpd((mpd) =>
      representation('480p', (r) => r.replace('d="30720" r="1"', 'd="30000" r="1"'))(
        representation('360p', (r) =>
          r
            .replace(/<SegmentTimeline>[\s\S]*<\/SegmentTimeline>\s*/, '')
            .replace('startNumber="1"', 'startNumber="1" duration="30720"'),
        )(mpd),
      ),
    );
    expectViolation(
      violations,
      'D3',
      'AdaptationSet 0',
      /^mixes addressing modes: segment-timeline, segment-template-duration$/,
    );
    expectViolation(
      violations,
      'D3',
      '480p',
      /^segment 2 \(480p\/2\.m4s\): the timeline says 1\.953125 s, its tfdt 2\.000 s$/,
    );
    expectViolation(
      violations,
      'D3',
      '480p',
      /^segment 1 \(480p\/1\.m4s\): the timeline says it lasts 1\.953125 s, its samples 2\.000 s$/,
    );
    const both = await checkMpd((mpd) => mpd.replace('startNumber="1"', 'startNumber="1" duration="30720"'));
    expectViolation(both, 'D3', 'mpd', /^a SegmentTemplate has @duration next to a SegmentTimeline$/);
    const gap = await checkMpd(
      representation('480p', (r) => r.replace('<S d="15360"/>', '<S t="62000" d="15360"/>')),
    );
    expectViolation(
      gap,
      'D3',
      '480p',
      /^a gap in the SegmentTimeline after segment 2 \(480p\/2\.m4s\): it ends at 4\.000 s, the next starts at 4\.036458 s$/,
    );
  });

  it('D4: a Representation that starts after the period start or ends well before its end', async () => {
    const violations = await checkMpd(representation('480p', (r) => r.replace('<S t="0"', '<S t="1536"')));
    expectViolation(violations, 'D4', '480p', /^starts at 0\.100 s: a leading gap in the period$/);
    const short = await checkMpd(representation('480p', (r) => r.replace('<S d="15360"/>', '<S d="7680"/>')));
    expectViolation(short, 'D4', '480p', /^ends at 4\.500 s, the period at 5\.021 s$/);
  });

  it('D5: codecs other than the init segment says, an MPD served as another type', async () => {
    const snapshot = await snapshotWith(
      ladder,
      rewrite('manifest.mpd', (mpd) => mpd.replace('codecs="avc1.64001f"', 'codecs="avc1.42e01e"')),
      { when: on('manifest.mpd'), headers: (headers) => headers.set('content-type', 'application/xml') },
    );
    const violations = checkDashRules(snapshot);
    expectViolation(violations, 'D5', '480p', /^codecs="avc1\.42e01e", the init segment says avc1\.64001f$/);
    expectViolation(violations, 'D5', 'mpd', /^served as application\/xml, not application\/dash\+xml$/);
  });

  it('D6: an MPD that names other segment objects than the HLS playlists', async () => {
    const violations = await checkMpd((mpd) =>
      mpd.replace('media="r1/480p/$Number$.m4s"', 'media="r1/480p/$Number$.m4s?copy=1"'),
    );
    expectViolation(
      violations,
      'D6',
      '480p',
      /^segment 1 is http:\/\/origin\.test\/.*\/1\.m4s\?copy=1 in the MPD but .*\/1\.m4s in HLS$/,
    );
  });
});
