// Side-loaded WebVTT subtitles: what the renderers write must read back, through the parsers players use
// (m3u8-parser, mpd-parser), as exactly the tracks of the presentation.
import { Parser } from 'm3u8-parser';
import { stringToMpdXml, type MpdXmlElement } from 'mpd-parser';
import { describe, expect, it } from 'vitest';
import { renderMpd } from './dash/mpd.js';
import { parseMpd } from './dash/parse.js';
import { renderMasterPlaylist } from './hls/master.js';
import { parseMasterPlaylist, parseMediaPlaylist } from './hls/parse.js';
import { presentationEndMs, renderSubtitlePlaylist } from './hls/subtitles.js';
import type { Presentation, SubtitleTrack } from './model.js';
import { audioOnlyPresentation, ladderPresentation } from './testing/presentations.js';
import type { UriResolver } from './uri.js';

const MPD_URL = 'https://cdn.example/play/a1/manifest.mpd';
const intoRevision: UriResolver = (path) => `r2/${path}`;

function track(language: string, name: string, overrides: Partial<SubtitleTrack> = {}): SubtitleTrack {
  return {
    id: `subs-${language.toLowerCase()}`,
    groupId: 'subs',
    name,
    language,
    isDefault: false,
    uri: `captions/${language}/v${language.length}.vtt`,
    playlistUri: `captions/${language}/v${language.length}.m3u8`,
    sizeBytes: 2_000,
    ...overrides,
  };
}

const withSubtitles = (p: Presentation): Presentation => ({
  ...p,
  subtitles: [track('en', 'English'), track('pt-BR', 'Português (Brasil)', { isDefault: true })],
});

function rawVariantAttributes(text: string): Record<string, unknown>[] {
  const parser = new Parser();
  parser.push(text);
  parser.end();
  return (parser.manifest.playlists ?? []).map((playlist) => playlist.attributes as Record<string, unknown>);
}

function childElements(parent: MpdXmlElement, tagName: string): MpdXmlElement[] {
  return Array.from(parent.childNodes).filter((node): node is MpdXmlElement => node.tagName === tagName);
}

describe.each([
  ['a ladder with audio', ladderPresentation],
  ['audio only', audioOnlyPresentation],
])('subtitles of %s', (_name, build) => {
  const p = withSubtitles(build());

  it('HLS: one SUBTITLES rendition per track, named by every variant', () => {
    const text = renderMasterPlaylist(p, intoRevision);
    const parsed = parseMasterPlaylist(text);
    expect(parsed.warnings).toEqual([]);
    const subtitles = parsed.media.filter((media) => media.type === 'SUBTITLES');
    expect(subtitles).toEqual([
      {
        type: 'SUBTITLES',
        groupId: 'subs',
        name: 'English',
        language: 'en',
        isDefault: false,
        autoselect: true,
        channels: null,
        uri: 'r2/captions/en/v2.m3u8',
      },
      {
        type: 'SUBTITLES',
        groupId: 'subs',
        name: 'Português (Brasil)',
        language: 'pt-BR',
        isDefault: true,
        autoselect: true,
        channels: null,
        uri: 'r2/captions/pt-BR/v5.m3u8',
      },
    ]);
    const variants = rawVariantAttributes(text);
    expect(variants.length).toBeGreaterThan(0);
    expect(variants.every((attributes) => attributes['SUBTITLES'] === 'subs')).toBe(true);
    expect(parsed.variants.map((variant) => variant.subtitlesGroupId)).toEqual(variants.map(() => 'subs'));
  });

  it('HLS: each track has a VOD media playlist whose one segment is the whole WebVTT file', () => {
    const endSeconds = presentationEndMs(p) / 1000;
    for (const subtitle of p.subtitles ?? []) {
      const text = renderSubtitlePlaylist(p, subtitle.id, (uri) => uri.slice(uri.lastIndexOf('/') + 1));
      const parsed = parseMediaPlaylist(text ?? '');
      expect(parsed.warnings).toEqual([]);
      expect(parsed.segments).toHaveLength(1);
      expect(parsed.segments[0]?.uri).toBe(subtitle.uri.slice(subtitle.uri.lastIndexOf('/') + 1));
      expect(Math.abs((parsed.segments[0]?.durationSeconds ?? 0) - endSeconds)).toBeLessThan(1e-6);
      expect(Math.round(endSeconds)).toBeLessThanOrEqual(parsed.targetDurationSeconds ?? 0);
      expect([parsed.endList, parsed.playlistType]).toEqual([true, 'VOD']);
    }
    expect(renderSubtitlePlaylist(p, 'subs-xx', (uri) => uri)).toBeNull();
  });

  it('DASH: one text AdaptationSet per track, its Representation the file at a BaseURL', () => {
    const text = renderMpd(p, intoRevision);
    const parsed = parseMpd(text, MPD_URL);
    expect(parsed.warnings).toEqual([]);
    const textSets = parsed.adaptationSets.filter((set) => set.contentType === 'text');
    expect(textSets.map((set) => [set.mimeType, set.lang, set.roles])).toEqual([
      ['text/vtt', 'en', ['subtitle']],
      ['text/vtt', 'pt-BR', ['subtitle']],
    ]);
    expect(textSets.map((set) => set.representations.map((r) => [r.id, r.addressing]))).toEqual([
      [['subs-en', 'none']],
      [['subs-pt-br', 'none']],
    ]);
    // 2000 bytes over the presentation, in bits per second.
    const expectedBandwidth = Math.ceil((2_000 * 8) / (presentationEndMs(p) / 1000));
    expect(textSets[0]?.representations[0]?.bandwidthBps).toBe(expectedBandwidth);

    const period = childElements(stringToMpdXml(text), 'Period')[0];
    const sets = childElements(period as MpdXmlElement, 'AdaptationSet').filter(
      (set) => set.getAttribute('contentType') === 'text',
    );
    const read = sets.map((set) => {
      const label = childElements(set, 'Label')[0]?.childNodes[0] as unknown as { data: string };
      const representation = childElements(set, 'Representation')[0] as MpdXmlElement;
      const baseUrl = childElements(representation, 'BaseURL')[0]?.childNodes[0] as unknown as {
        data: string;
      };
      return [label.data, new URL(baseUrl.data, MPD_URL).toString()];
    });
    expect(read).toEqual([
      ['English', 'https://cdn.example/play/a1/r2/captions/en/v2.vtt'],
      ['Português (Brasil)', 'https://cdn.example/play/a1/r2/captions/pt-BR/v5.vtt'],
    ]);
    // The parser gives each text Representation its file (and the media ones none: they have no BaseURL).
    expect(textSets.map((set) => set.representations[0]?.baseUri)).toEqual(read.map(([, url]) => url));
    const media = parsed.adaptationSets.filter((set) => set.contentType !== 'text');
    expect(media.flatMap((set) => set.representations.map((r) => r.baseUri))).toEqual(
      media.flatMap((set) => set.representations.map(() => null)),
    );
    // The media AdaptationSets are the ones the presentation has without subtitles.
    expect(parsed.adaptationSets.length - textSets.length).toBe(
      parseMpd(renderMpd(build(), intoRevision), MPD_URL).adaptationSets.length,
    );
  });
});

describe('subtitle rendering rules', () => {
  it('writes exactly the same manifests when a presentation has no subtitles', () => {
    const p = ladderPresentation();
    expect(renderMasterPlaylist({ ...p, subtitles: [] }, intoRevision)).toBe(
      renderMasterPlaylist(p, intoRevision),
    );
    expect(renderMpd({ ...p, subtitles: [] }, intoRevision)).toBe(renderMpd(p, intoRevision));
    expect(renderMasterPlaylist(p, intoRevision)).not.toContain('SUBTITLES');
  });

  it('refuses tracks in two groups or two tracks with one name (HLS cannot write them)', () => {
    const p = ladderPresentation();
    const twoGroups = {
      ...p,
      subtitles: [track('en', 'English'), track('fr', 'French', { groupId: 'other' })],
    };
    expect(() => renderMasterPlaylist(twoGroups, intoRevision)).toThrow(/two groups/);
    const sameName = { ...p, subtitles: [track('en', 'Same'), track('fr', 'Same')] };
    expect(() => renderMasterPlaylist(sameName, intoRevision)).toThrow(/two tracks named/);
  });

  it('escapes names in the MPD', () => {
    const p = { ...ladderPresentation(), subtitles: [track('en', 'Q&A <live>')] };
    expect(renderMpd(p, intoRevision)).toContain('<Label>Q&amp;A &lt;live&gt;</Label>');
  });
});
