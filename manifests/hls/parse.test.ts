import { describe, expect, it } from 'vitest';
import { ManifestParseError } from '../parse-error.js';
import { parseMasterPlaylist, parseMediaPlaylist } from './parse.js';

// Apple-style playlists written by someone else: attribute order, spacing and optional tags differ.
const FOREIGN_MASTER = `#EXTM3U
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",LANGUAGE="en",NAME="English",AUTOSELECT=YES,DEFAULT=YES,CHANNELS="2",URI="a/en.m3u8"
#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",URI="s/en.m3u8"
#EXT-X-STREAM-INF:AVERAGE-BANDWIDTH=2000000,BANDWIDTH=2500000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,FRAME-RATE=23.976,AUDIO="aac",SUBTITLES="subs"
v/720.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=150000,CODECS="mp4a.40.2"
a/en.m3u8
`;

const FOREIGN_MEDIA = `#EXTM3U
#EXT-X-TARGETDURATION:6
#EXT-X-VERSION:6
#EXT-X-MAP:URI="init.mp4"
#EXTINF:6.006,
s1.m4s
#EXTINF:4.5,title
s2.m4s
`;

describe('parseMasterPlaylist', () => {
  it('reads variants and media tags as written', () => {
    const parsed = parseMasterPlaylist(FOREIGN_MASTER);
    expect(parsed.version).toBeNull();
    expect(parsed.independentSegments).toBe(false);
    expect(parsed.variants).toEqual([
      {
        uri: 'v/720.m3u8',
        bandwidthBps: 2_500_000,
        averageBandwidthBps: 2_000_000,
        codecs: 'avc1.64001f,mp4a.40.2',
        resolution: { width: 1280, height: 720 },
        frameRate: 23.976,
        audioGroupId: 'aac',
        subtitlesGroupId: 'subs',
      },
      {
        uri: 'a/en.m3u8',
        bandwidthBps: 150_000,
        averageBandwidthBps: null,
        codecs: 'mp4a.40.2',
        resolution: null,
        frameRate: null,
        audioGroupId: null,
        subtitlesGroupId: null,
      },
    ]);
    expect(parsed.media.map((m) => [m.type, m.groupId, m.name, m.channels, m.isDefault, m.uri])).toEqual([
      ['AUDIO', 'aac', 'English', '2', true, 'a/en.m3u8'],
      ['SUBTITLES', 'subs', 'English', null, false, 's/en.m3u8'],
    ]);
  });

  it('refuses a media playlist and text that is not a playlist', () => {
    expect(() => parseMasterPlaylist(FOREIGN_MEDIA)).toThrow(ManifestParseError);
    expect(() => parseMasterPlaylist('<MPD/>')).toThrow(/#EXTM3U/);
    expect(() => parseMasterPlaylist('')).toThrow(ManifestParseError);
  });
});

describe('parseMediaPlaylist', () => {
  it('reads a playlist without the optional tags', () => {
    expect(parseMediaPlaylist(FOREIGN_MEDIA)).toMatchObject({
      version: 6,
      targetDurationSeconds: 6,
      playlistType: null,
      independentSegments: false,
      mapUri: 'init.mp4',
      segments: [
        { uri: 's1.m4s', durationSeconds: 6.006 },
        { uri: 's2.m4s', durationSeconds: 4.5 },
      ],
      endList: false,
    });
  });

  it('refuses a multivariant playlist', () => {
    expect(() => parseMediaPlaylist(FOREIGN_MASTER)).toThrow(/expected a media playlist/);
  });
});
