import { describe, expect, it } from 'vitest';
import { ManifestParseError } from '../parse-error.js';
import { parseMpd } from './parse.js';

const URL_BASE = 'https://cdn.example/a/manifest.mpd';

// Written by hand the way other packagers write MPDs: @duration addressing, a BaseURL, attributes on the
// AdaptationSet, an inherited AudioChannelConfiguration.
const FOREIGN_MPD = `<?xml version="1.0"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" profiles="urn:mpeg:dash:profile:isoff-live:2011" mediaPresentationDuration="PT0H0M6.000S" minBufferTime="PT4S">
  <BaseURL>media/</BaseURL>
  <Period id="p0">
    <AdaptationSet mimeType="video/mp4" codecs="avc1.64001f" segmentAlignment="true">
      <SegmentTemplate timescale="1000" duration="2000" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/seg-$Number%03d$.m4s" startNumber="0"/>
      <Representation id="v1" bandwidth="900000" width="1280" height="720" frameRate="25"/>
    </AdaptationSet>
    <AdaptationSet mimeType="audio/mp4" lang="de">
      <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="6"/>
      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="alternate"/>
      <Representation id="a1" bandwidth="96000" codecs="mp4a.40.2" audioSamplingRate="44100">
        <SegmentList timescale="1000" duration="3000">
          <Initialization sourceURL="a1/init.mp4"/>
          <SegmentURL media="a1/1.m4s"/>
          <SegmentURL media="a1/2.m4s"/>
        </SegmentList>
      </Representation>
    </AdaptationSet>
  </Period>
</MPD>`;

describe('parseMpd', () => {
  it('reads inherited attributes, other addressing modes and BaseURL resolution', () => {
    const parsed = parseMpd(FOREIGN_MPD, URL_BASE);
    expect(parsed.durationSeconds).toBe(6);
    expect(parsed.minBufferTimeSeconds).toBe(4);
    expect(parsed.periods).toHaveLength(1);
    const [video, audio] = parsed.periods[0]!.adaptationSets;
    expect(parsed.periods[0]!.startSeconds).toBeNull();
    expect(video!.representations[0]).toMatchObject({
      id: 'v1',
      codecs: 'avc1.64001f',
      mimeType: 'video/mp4',
      frameRate: 25,
      addressing: 'segment-template-duration',
      initUri: 'https://cdn.example/a/media/v1/init.mp4',
    });
    expect(video!.representations[0]!.segments).toEqual([
      { uri: 'https://cdn.example/a/media/v1/seg-000.m4s', number: 0, startSeconds: 0, durationSeconds: 2 },
      { uri: 'https://cdn.example/a/media/v1/seg-001.m4s', number: 1, startSeconds: 2, durationSeconds: 2 },
      { uri: 'https://cdn.example/a/media/v1/seg-002.m4s', number: 2, startSeconds: 4, durationSeconds: 2 },
    ]);
    expect(audio).toMatchObject({
      lang: 'de',
      roles: ['alternate'],
      segmentAlignment: false,
      startWithSap: null,
    });
    expect(audio!.representations[0]).toMatchObject({
      addressing: 'segment-list',
      audioChannels: '6',
      audioSamplingRateHz: 44_100,
      initUri: 'https://cdn.example/a/media/a1/init.mp4',
    });
    expect(audio!.representations[0]!.segments.map((s) => s.uri)).toEqual([
      'https://cdn.example/a/media/a1/1.m4s',
      'https://cdn.example/a/media/a1/2.m4s',
    ]);
  });

  it('reports attributes an element does not have as null, not as empty text', () => {
    const [video, audio] = parseMpd(FOREIGN_MPD, URL_BASE).adaptationSets;
    expect(video).toMatchObject({ id: null, contentType: null, lang: null });
    expect(audio).toMatchObject({ id: null, contentType: null, mimeType: 'audio/mp4', lang: 'de' });
    expect(video!.representations[0]!.audioChannels).toBeNull();
  });

  it('reports a malformed duration as null instead of guessing', () => {
    const parsed = parseMpd(
      FOREIGN_MPD.replace('minBufferTime="PT4S"', 'minBufferTime="4 seconds"'),
      URL_BASE,
    );
    expect(parsed.minBufferTimeSeconds).toBeNull();
    expect(parsed.durationSeconds).toBe(6);
  });

  it('turns a failure of mpd-parser into ManifestParseError', () => {
    // @duration addressing cannot be expanded without a presentation duration.
    const noDuration = FOREIGN_MPD.replace(' mediaPresentationDuration="PT0H0M6.000S"', '');
    expect(() => parseMpd(noDuration, URL_BASE)).toThrow(ManifestParseError);
  });

  it('throws ManifestParseError for text that is not an MPD', () => {
    expect(() => parseMpd('', URL_BASE)).toThrow(ManifestParseError);
    expect(() => parseMpd('#EXTM3U\n', URL_BASE)).toThrow(ManifestParseError);
    expect(() => parseMpd('<html><body/></html>', URL_BASE)).toThrow(ManifestParseError);
    expect(() => parseMpd('<MPD xmlns="urn:mpeg:dash:schema:mpd:2011"/>', URL_BASE)).toThrow(
      /not a readable MPD/,
    );
  });
});
