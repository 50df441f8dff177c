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
import { renderMasterPlaylist } from './master.js';
import { parseMasterPlaylist } from './parse.js';

const signed: UriResolver = (path) => `r2/${path}?token=abc`;
const plain: UriResolver = (path) => path;

function streamInfLines(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('#EXT-X-STREAM-INF:'));
}

describe('renderMasterPlaylist', () => {
  it('declares each video rung with video + largest audio bandwidth, codecs, resolution and frame rate', () => {
    const p = ladderPresentation();
    const audio = p.audio[0]!;
    const parsed = parseMasterPlaylist(renderMasterPlaylist(p, plain));

    expect(parsed.warnings).toEqual([]);
    expect(parsed.version).toBe(7);
    expect(parsed.variants).toHaveLength(p.video.length);
    for (const video of p.video) {
      const variant = parsed.variants.find((v) => v.uri === `${video.id}.m3u8`);
      expect(variant).toEqual({
        uri: `${video.id}.m3u8`,
        bandwidthBps: video.bandwidthBps + audio.bandwidthBps,
        averageBandwidthBps: video.averageBandwidthBps + audio.averageBandwidthBps,
        codecs: `${video.codecs},mp4a.40.2`,
        resolution: { width: video.width, height: video.height },
        frameRate: 30,
        audioGroupId: 'audio',
        subtitlesGroupId: null,
      });
    }
  });

  it('orders variants from the lowest bandwidth to the highest', () => {
    const bandwidths = parseMasterPlaylist(renderMasterPlaylist(ladderPresentation(), plain)).variants.map(
      (v) => v.bandwidthBps ?? 0,
    );
    expect(bandwidths).toEqual([...bandwidths].sort((a, b) => a - b));
    expect(new Set(bandwidths).size).toBe(4);
  });

  it('writes one complete EXT-X-MEDIA per audio rendition, with the URI resolved', () => {
    const parsed = parseMasterPlaylist(renderMasterPlaylist(ladderPresentation(), signed));
    expect(parsed.media).toEqual([
      {
        type: 'AUDIO',
        groupId: 'audio',
        name: 'English',
        language: 'en',
        isDefault: true,
        autoselect: true,
        channels: '2',
        uri: 'r2/audio.m3u8?token=abc',
      },
    ]);
  });

  it('adds the largest rendition of the audio group and lists each distinct codec once', () => {
    const base = ladderPresentation();
    const boundaries = LADDER_BOUNDARIES_SECONDS;
    const low = audioRendition({
      id: 'audio-lo',
      name: 'English',
      language: 'en',
      isDefault: true,
      boundariesSeconds: boundaries,
      nominalBps: 64_000,
    });
    const high = audioRendition({
      id: 'audio-fr',
      name: 'Francais',
      language: 'fr',
      isDefault: false,
      boundariesSeconds: boundaries,
      nominalBps: 192_000,
    });
    const p = presentation(base.video, [low, high]);
    const parsed = parseMasterPlaylist(renderMasterPlaylist(p, plain));
    const video = p.video[0]!;
    const variant = parsed.variants.find((v) => v.uri === `${video.id}.m3u8`)!;
    expect(variant.bandwidthBps).toBe(video.bandwidthBps + high.bandwidthBps);
    expect(variant.averageBandwidthBps).toBe(video.averageBandwidthBps + high.averageBandwidthBps);
    expect(variant.codecs).toBe(`${video.codecs},mp4a.40.2`);
    expect(parsed.media.map((m) => [m.name, m.isDefault])).toEqual([
      ['English', true],
      ['Francais', false],
    ]);
  });

  it('marks at most one rendition of a group DEFAULT=YES', () => {
    const base = ladderPresentation();
    const en = audioRendition({
      id: 'audio-en',
      name: 'English',
      language: 'en',
      isDefault: true,
      boundariesSeconds: LADDER_BOUNDARIES_SECONDS,
    });
    const fr = audioRendition({
      id: 'audio-fr',
      name: 'Francais',
      language: 'fr',
      isDefault: true,
      boundariesSeconds: LADDER_BOUNDARIES_SECONDS,
    });
    const text = renderMasterPlaylist(presentation(base.video, [en, fr]), plain);
    expect(text.match(/DEFAULT=YES/g)).toHaveLength(1);
    expect(
      parseMasterPlaylist(text)
        .media.filter((m) => m.isDefault)
        .map((m) => m.name),
    ).toEqual(['English']);
  });

  it('writes FRAME-RATE with three decimals (29.970 for 30000/1001)', () => {
    const text = renderMasterPlaylist(ntscPresentation(), plain);
    for (const line of streamInfLines(text)) expect(line).toContain(',FRAME-RATE=29.970,');
    expect(streamInfLines(renderMasterPlaylist(ladderPresentation(), plain))[0]).toContain(
      ',FRAME-RATE=30.000,',
    );
  });

  it('writes EXT-X-INDEPENDENT-SEGMENTS only when every video rendition starts segments with a keyframe', () => {
    const p = ladderPresentation();
    expect(renderMasterPlaylist(p, plain)).toContain('\n#EXT-X-INDEPENDENT-SEGMENTS\n');
    const oneOpenGop: Presentation = {
      ...p,
      video: p.video.map((v, i) => (i === 2 ? { ...v, independentSegments: false } : v)),
    };
    const text = renderMasterPlaylist(oneOpenGop, plain);
    expect(text).not.toContain('INDEPENDENT-SEGMENTS');
    expect(parseMasterPlaylist(text).independentSegments).toBe(false);
  });

  it('writes audio-only presentations as audio variants without RESOLUTION or FRAME-RATE (H7)', () => {
    const p = audioOnlyPresentation();
    const text = renderMasterPlaylist(p, signed);
    const parsed = parseMasterPlaylist(text);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.media).toEqual([]);
    // The default (English) first: Apple players start with the first variant.
    expect(parsed.variants).toEqual(
      ['audio-en', 'audio-fr'].map((id) => {
        const audio = p.audio.find((a) => a.id === id)!;
        return {
          uri: `r2/${id}.m3u8?token=abc`,
          bandwidthBps: audio.bandwidthBps,
          averageBandwidthBps: audio.averageBandwidthBps,
          codecs: 'mp4a.40.2',
          resolution: null,
          frameRate: null,
          audioGroupId: null,
          subtitlesGroupId: null,
        };
      }),
    );
    expect(text).not.toMatch(/RESOLUTION|FRAME-RATE|AUDIO=|0x0|CODECS=",/);
    for (const line of streamInfLines(text)) expect(line).toMatch(/CODECS="mp4a\.40\.2"$/);
  });

  it('writes video-only presentations without AUDIO and with the video codec alone', () => {
    const p = videoOnlyPresentation();
    const text = renderMasterPlaylist(p, plain);
    const parsed = parseMasterPlaylist(text);
    expect(text).not.toContain('#EXT-X-MEDIA');
    expect(parsed.variants.map((v) => [v.codecs, v.audioGroupId, v.bandwidthBps])).toEqual(
      [...p.video].reverse().map((v) => [v.codecs, null, v.bandwidthBps]),
    );
  });

  it('passes every URI through the resolver', () => {
    const parsed = parseMasterPlaylist(renderMasterPlaylist(ladderPresentation(), signed));
    const uris = [...parsed.variants.map((v) => v.uri), ...parsed.media.map((m) => m.uri)];
    expect(uris).toHaveLength(5);
    for (const uri of uris) expect(uri).toMatch(/^r2\/[a-z0-9-]+\.m3u8\?token=abc$/);
  });

  it('refuses what a playlist cannot express', () => {
    const p = ladderPresentation();
    expect(() => renderMasterPlaylist(p, (path) => `${path}?q="x"`)).toThrow(/quoted-string/);
    expect(() => renderMasterPlaylist(p, (path) => `${path}\n#EXT-X-ENDLIST`)).toThrow();
    const orphan: Presentation = { ...p, video: p.video.map((v) => ({ ...v, audioGroupId: 'missing' })) };
    expect(() => renderMasterPlaylist(orphan, plain)).toThrow(/audio group missing/);
    const twin = { ...p.audio[0]!, id: 'audio-2' };
    expect(() => renderMasterPlaylist({ ...p, audio: [...p.audio, twin] }, plain)).toThrow(/named English/);
  });

  it('is byte-identical for the same presentation, including after a JSON round trip', () => {
    const p = ladderPresentation();
    const stored = JSON.parse(JSON.stringify(p)) as Presentation;
    expect(renderMasterPlaylist(stored, signed)).toBe(renderMasterPlaylist(p, signed));
  });
});
