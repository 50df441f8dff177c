import { describe, expect, it } from 'vitest';
import type { Presentation } from '../model.js';
import {
  audioOnlyPresentation,
  audioRendition,
  ladderPresentation,
  LADDER_BOUNDARIES_SECONDS,
  ntscPresentation,
  presentation,
  videoOnlyPresentation,
} from '../testing/presentations.js';
import type { UriResolver } from '../uri.js';
import { renderMpd } from './mpd.js';
import type { MpdAdaptationSet } from './parse.js';
import { parseMpd } from './parse.js';

const MANIFEST_URL = 'https://cdn.example/v1/play/a1/manifest.mpd';
const plain: UriResolver = (path) => path;
const signed: UriResolver = (path) => `r2/${path}?token=abc`;

function adaptationSets(text: string): readonly MpdAdaptationSet[] {
  const parsed = parseMpd(text, MANIFEST_URL);
  expect(parsed.periods).toHaveLength(1);
  return parsed.periods[0]!.adaptationSets;
}

describe('renderMpd', () => {
  it('writes a static CMAF MPD with durations in seconds and one Period from 0', () => {
    const text = renderMpd(ladderPresentation(), plain);
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<MPD ')).toBe(true);
    const parsed = parseMpd(text, MANIFEST_URL);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.type).toBe('static');
    expect(parsed.profiles).toEqual([
      'urn:mpeg:dash:profile:isoff-live:2011',
      'urn:mpeg:dash:profile:cmaf:2019',
    ]);
    // The audio timeline ends last: 547840 / 48000 = 11.41333 s.
    expect(text).toContain(' mediaPresentationDuration="PT11.413S"');
    expect(parsed.durationSeconds).toBe(11.413);
    // The longest segment (96256 / 48000 = 2.00533 s), rounded up.
    expect(text).toContain(' minBufferTime="PT2.006S"');
    expect(parsed.periods.map((period) => [period.id, period.startSeconds])).toEqual([['0', 0]]);
  });

  it('describes the video switching set and every rung (D2)', () => {
    const p = ladderPresentation();
    const [video] = adaptationSets(renderMpd(p, plain));
    expect(video).toMatchObject({
      id: '0',
      contentType: 'video',
      mimeType: 'video/mp4',
      segmentAlignment: true,
      startWithSap: 1,
      roles: [],
    });
    expect(
      video!.representations.map((r) => [
        r.id,
        r.codecs,
        r.width,
        r.height,
        r.frameRate,
        r.bandwidthBps,
        r.sar,
      ]),
    ).toEqual(p.video.map((v) => [v.id, v.codecs, v.width, v.height, 30, v.bandwidthBps, '1:1']));
    const text = renderMpd(p, plain);
    expect(text).toContain(' maxWidth="1920" maxHeight="1080" maxFrameRate="30">');
  });

  it('writes fractional frame rates as a ratio', () => {
    const text = renderMpd(ntscPresentation(), plain);
    expect(text).toContain(' frameRate="30000/1001"');
    expect(text).toContain(' maxFrameRate="30000/1001"');
    expect(adaptationSets(text)[0]!.representations[0]!.frameRate).toBeCloseTo(29.97, 2);
  });

  it('describes audio with language, sampling rate, channels and the main role (D2)', () => {
    const p = ladderPresentation();
    const [, audio] = adaptationSets(renderMpd(p, plain));
    expect(audio).toMatchObject({
      contentType: 'audio',
      mimeType: 'audio/mp4',
      lang: 'en',
      segmentAlignment: true,
      roles: ['main'],
    });
    expect(audio!.representations).toHaveLength(1);
    expect(audio!.representations[0]).toMatchObject({
      id: 'audio',
      codecs: 'mp4a.40.2',
      bandwidthBps: p.audio[0]!.bandwidthBps,
      audioSamplingRateHz: 48_000,
      audioChannels: '2',
      width: null,
    });
    expect(renderMpd(p, plain)).toContain(
      '<AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="2"/>',
    );
  });

  it('gives each audio track its own AdaptationSet and the main role to the default one only', () => {
    const sets = adaptationSets(renderMpd(audioOnlyPresentation(), plain));
    expect(
      sets.map((s) => [s.id, s.contentType, s.lang, s.roles, s.representations.map((r) => r.id)]),
    ).toEqual([
      ['0', 'audio', 'en', ['main'], ['audio-en']],
      ['1', 'audio', 'fr', [], ['audio-fr']],
    ]);
  });

  it('puts bit-rate variants of one audio track in one switching set', () => {
    const base = ladderPresentation();
    const hi = audioRendition({
      id: 'audio-hi',
      name: 'English',
      language: 'en',
      isDefault: true,
      boundariesSeconds: LADDER_BOUNDARIES_SECONDS,
      groupId: 'hi',
    });
    const lo = audioRendition({
      id: 'audio-lo',
      name: 'English',
      language: 'en',
      isDefault: true,
      boundariesSeconds: LADDER_BOUNDARIES_SECONDS,
      groupId: 'lo',
      nominalBps: 64_000,
    });
    const sets = adaptationSets(renderMpd(presentation(base.video, [hi, lo]), plain));
    expect(sets.map((s) => s.representations.map((r) => r.id))).toEqual([
      ['1080p', '720p', '480p', '360p'],
      ['audio-hi', 'audio-lo'],
    ]);
  });

  it('has only video for a video-only presentation', () => {
    expect(adaptationSets(renderMpd(videoOnlyPresentation(), plain)).map((s) => s.contentType)).toEqual([
      'video',
    ]);
  });

  it('addresses every Representation by SegmentTemplate + SegmentTimeline, compressed with @r, without @duration (D3)', () => {
    const text = renderMpd(ladderPresentation(), plain);
    for (const set of adaptationSets(text)) {
      for (const r of set.representations) expect(r.addressing).toBe('segment-timeline');
    }
    expect(text).not.toMatch(/<SegmentTemplate[^>]* duration=/);
    expect(text).toContain(
      [
        '<SegmentTemplate timescale="15360" initialization="720p/init.mp4" media="720p/$Number$.m4s" startNumber="1">',
        '          <SegmentTimeline>',
        '            <S t="0" d="30720" r="4"/>',
        '            <S d="21504"/>',
        '          </SegmentTimeline>',
      ].join('\n'),
    );
  });

  it('leaves out startWithSAP when a rung may start segments without a keyframe', () => {
    const p = ladderPresentation();
    const open: Presentation = {
      ...p,
      video: p.video.map((v, i) => (i === 0 ? { ...v, independentSegments: false } : v)),
    };
    expect(adaptationSets(renderMpd(open, plain))[0]!.startWithSap).toBeNull();
  });

  it('escapes resolved URIs for XML and for the template syntax, and parses back to the same URIs', () => {
    const awkward: UriResolver = (path) => `r2/${path}?a=1&sig=x$y<"z">`;
    const text = renderMpd(ladderPresentation(), awkward);
    expect(text).toContain('media="r2/720p/$Number$.m4s?a=1&amp;sig=x$$y&lt;&quot;z&quot;&gt;"');
    const rep = adaptationSets(text)[0]!.representations.find((r) => r.id === '720p')!;
    expect(rep.initUri).toBe(new URL('r2/720p/init.mp4?a=1&sig=x$y<"z">', MANIFEST_URL).href);
    expect(rep.segments[0]!.uri).toBe(new URL('r2/720p/1.m4s?a=1&sig=x$y<"z">', MANIFEST_URL).href);
  });

  it('refuses a resolver that loses $Number$', () => {
    expect(() => renderMpd(ladderPresentation(), (path) => encodeURIComponent(path))).toThrow(/\$Number\$/);
  });

  it('passes every URI through the resolver', () => {
    const text = renderMpd(ladderPresentation(), signed);
    const uris = [...text.matchAll(/ (?:initialization|media)="([^"]*)"/g)].map((m) => m[1]);
    expect(uris).toHaveLength(10);
    for (const uri of uris) expect(uri).toMatch(/^r2\/.*\?token=abc$/);
  });

  it('is byte-identical for the same presentation, including after a JSON round trip', () => {
    const p = ladderPresentation();
    const stored = JSON.parse(JSON.stringify(p)) as Presentation;
    expect(renderMpd(stored, signed)).toBe(renderMpd(p, signed));
  });
});
