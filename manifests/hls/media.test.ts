import { describe, expect, it } from 'vitest';
import type { Presentation, VideoRendition } from '../model.js';
import { segmentUri } from '../model.js';
import {
  audioOnlyPresentation,
  ladderPresentation,
  ntscPresentation,
  presentation,
} from '../testing/presentations.js';
import type { UriResolver } from '../uri.js';
import { mediaPlaylistPath, renderMediaPlaylist } from './media.js';
import { parseMediaPlaylist } from './parse.js';

const signed: UriResolver = (path) => `r2/${path}?token=abc`;

function render(p: Presentation, id: string, resolve: UriResolver = signed): string {
  const text = renderMediaPlaylist(p, id, resolve);
  if (text === null) throw new Error(`no rendition ${id}`);
  return text;
}

function withDurations(base: VideoRendition, durationsTicks: readonly number[]): VideoRendition {
  let start = 0;
  const segments = durationsTicks.map((durationTicks) => {
    const segment = { startTicks: start, durationTicks, sizeBytes: 1000 };
    start += durationTicks;
    return segment;
  });
  return { ...base, segments };
}

describe('mediaPlaylistPath', () => {
  it('is the rendition id with .m3u8', () => {
    expect(mediaPlaylistPath('720p')).toBe('720p.m3u8');
  });
});

describe('renderMediaPlaylist', () => {
  it('returns null for a rendition the presentation does not have', () => {
    expect(renderMediaPlaylist(ladderPresentation(), '4k', signed)).toBeNull();
  });

  it('writes a complete VOD playlist: header tags, map first, every segment, endlist last', () => {
    const p = ladderPresentation();
    const video = p.video[1]!;
    const text = render(p, video.id);
    const lines = text.trimEnd().split('\n');
    expect(lines.slice(0, 7)).toEqual([
      '#EXTM3U',
      '#EXT-X-VERSION:7',
      '#EXT-X-TARGETDURATION:2',
      '#EXT-X-MEDIA-SEQUENCE:1',
      '#EXT-X-PLAYLIST-TYPE:VOD',
      '#EXT-X-INDEPENDENT-SEGMENTS',
      '#EXT-X-MAP:URI="r2/720p/init.mp4?token=abc"',
    ]);
    expect(lines.at(-1)).toBe('#EXT-X-ENDLIST');
    expect(text.endsWith('\n')).toBe(true);

    const parsed = parseMediaPlaylist(text);
    expect(parsed.warnings).toEqual([]);
    expect(parsed).toMatchObject({
      version: 7,
      targetDurationSeconds: 2,
      mediaSequence: 1,
      playlistType: 'VOD',
      independentSegments: true,
      mapUri: 'r2/720p/init.mp4?token=abc',
      endList: true,
    });
    expect(parsed.segments.map((s) => s.uri)).toEqual(
      ['1', '2', '3', '4', '5', '6'].map((n) => `r2/720p/${n}.m4s?token=abc`),
    );
    expect(parsed.segments.map((s) => s.durationSeconds)).toEqual([2, 2, 2, 2, 2, 1.4]);
  });

  it('writes EXTINF from the measured ticks with six decimals, not the nominal duration', () => {
    const p = ladderPresentation();
    const audio = p.audio[0]!;
    const text = render(p, audio.id);
    expect(text).toContain('#EXTINF:2.005333,\n');
    expect(text).toContain('#EXTINF:1.984000,\n');
    const parsed = parseMediaPlaylist(text);
    audio.segments.forEach((segment, i) => {
      expect(parsed.segments[i]!.durationSeconds).toBeCloseTo(segment.durationTicks / audio.timescale, 6);
    });
  });

  it('sets TARGETDURATION to the largest ceil(EXTINF) (M1)', () => {
    const p = ladderPresentation();
    // 96256/48000 = 2.0053 s: a 2 would be shorter than the segment.
    expect(parseMediaPlaylist(render(p, 'audio')).targetDurationSeconds).toBe(3);
    // 29.97: 60060/30000 = 2.002 s.
    expect(parseMediaPlaylist(render(ntscPresentation(), '720p')).targetDurationSeconds).toBe(3);
    const base = p.video[0]!;
    const cases: [number[], number][] = [
      [[30720, 30720], 2], // exactly 2 s stays 2
      [[30720, 30721], 3], // one tick over
      [[15360 * 6, 92_161, 1000], 7],
      [[7680], 1],
    ];
    for (const [durations, expected] of cases) {
      const rendition = withDurations(base, durations);
      const text = render(presentation([rendition], []), rendition.id);
      expect(parseMediaPlaylist(text).targetDurationSeconds).toBe(expected);
      for (const s of parseMediaPlaylist(text).segments) {
        expect(Math.ceil(s.durationSeconds - 1e-6)).toBeLessThanOrEqual(expected);
      }
    }
  });

  it('numbers segments and the media sequence from startNumber', () => {
    const p = ladderPresentation();
    const video = { ...p.video[0]!, startNumber: 5 };
    const parsed = parseMediaPlaylist(render(presentation([video], []), video.id));
    expect(parsed.mediaSequence).toBe(5);
    expect(parsed.segments[0]!.uri).toBe('r2/1080p/5.m4s?token=abc');
    expect(parsed.segments.at(-1)!.uri).toBe(`r2/1080p/${5 + video.segments.length - 1}.m4s?token=abc`);
  });

  it('leaves out EXT-X-INDEPENDENT-SEGMENTS for a rendition whose segments may start without a keyframe', () => {
    const p = ladderPresentation();
    const video = { ...p.video[0]!, independentSegments: false };
    const text = render(presentation([video], p.audio), video.id);
    expect(text).not.toContain('INDEPENDENT-SEGMENTS');
    expect(render(p, 'audio')).toContain('#EXT-X-INDEPENDENT-SEGMENTS');
  });

  it('passes every URI through the resolver, init segment included', () => {
    const seen: string[] = [];
    const p = audioOnlyPresentation();
    const audio = p.audio[1]!;
    render(p, audio.id, (path) => {
      seen.push(path);
      return path;
    });
    expect(seen).toEqual([audio.initUri, ...audio.segments.map((_, i) => segmentUri(audio, i))]);
  });

  it('refuses a resolver result that would break the playlist', () => {
    const p = ladderPresentation();
    expect(() => render(p, '720p', (path) => `${path}"`)).toThrow(/quoted-string/);
    expect(() =>
      render(p, '720p', (path) => (path.endsWith('.m4s') ? `${path}\r\n#EXT-X-ENDLIST` : path)),
    ).toThrow(/URI line/);
  });

  it('is byte-identical for the same presentation', () => {
    const p = ladderPresentation();
    const stored = JSON.parse(JSON.stringify(p)) as Presentation;
    for (const r of [...p.video, ...p.audio]) expect(render(stored, r.id)).toBe(render(p, r.id));
  });
});
