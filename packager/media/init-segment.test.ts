import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ffprobeJson,
  generateDashLadder,
  generateFragmentedSample,
} from '../../test/fixtures/generate-media.js';
import { parseInitSegment } from './init-segment.js';

interface ProbedStream {
  profile?: string;
  level?: number;
  channels?: number;
  sample_rate?: string;
  width?: number;
  height?: number;
}

async function probeStream(filePath: string): Promise<ProbedStream> {
  const json = (await ffprobeJson(filePath, 'stream=profile,level,channels,sample_rate,width,height')) as {
    streams: ProbedStream[];
  };
  return json.streams[0] ?? {};
}

/** ffprobe reads profile and level from the bitstream, so probe the init segment with its first segment. */
async function probeRendition(initPath: string, segmentPath: string, dir: string): Promise<ProbedStream> {
  const joined = path.join(dir, `probe-${path.basename(segmentPath)}.mp4`);
  await fs.writeFile(joined, Buffer.concat([await fs.readFile(initPath), await fs.readFile(segmentPath)]));
  try {
    return await probeStream(joined);
  } finally {
    await fs.rm(joined, { force: true });
  }
}

const H264_PROFILE_IDC: Record<string, number> = {
  'Constrained Baseline': 0x42,
  Baseline: 0x42,
  Main: 0x4d,
  High: 0x64,
};

describe('parseInitSegment on ffmpeg dash (CMAF) output', () => {
  it('reads a CMAF H.264 ladder: brands, one track, mvex, no samples, size and avc1 codecs matching ffprobe', async () => {
    const ladder = await generateDashLadder({
      source: { durationS: 3, width: 640, height: 360, fps: 30, audio: true },
      rungHeights: [360, 240],
      audioMuxing: 'separate',
    });
    for (const [index, rendition] of ladder.video.entries()) {
      const init = parseInitSegment(await fs.readFile(rendition.initPath));
      expect(init).toMatchObject({
        trackCount: 1,
        handler: 'vide',
        hasMvex: true,
        sampleCount: 0,
        editList: [],
      });
      expect(init.brands).toContain('cmfc');
      expect(init.trex).not.toBeNull();
      const probed = await probeRendition(rendition.initPath, rendition.segmentPaths[0]!, ladder.dir);
      expect([init.width, init.height]).toEqual([probed.width, probed.height]);
      expect(init.height).toBe([360, 240][index]);
      const [, profileHex, , levelHex] =
        /^avc1\.([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(init.codecs) ?? [];
      expect(Number.parseInt(profileHex ?? '', 16)).toBe(H264_PROFILE_IDC[probed.profile ?? '']);
      expect(Number.parseInt(levelHex ?? '', 16)).toBe(probed.level);
    }
    const audio = parseInitSegment(await fs.readFile(ladder.audio!.initPath));
    const probedAudio = await probeRendition(
      ladder.audio!.initPath,
      ladder.audio!.segmentPaths[0]!,
      ladder.dir,
    );
    expect(probedAudio.profile).toBe('LC');
    expect(audio).toMatchObject({
      handler: 'soun',
      codecs: 'mp4a.40.2',
      timescale: 48000,
      channelCount: probedAudio.channels,
      sampleRateHz: Number(probedAudio.sample_rate),
      hasMvex: true,
      sampleCount: 0,
    });
  });

  it.each([
    ['hevc', /^hvc1\.1\.6\.L(\d+)\.90$/, 'Main'],
    ['av1', /^av01\.0\.(\d+)M\.08$/, 'Main'],
    ['vp9', /^vp09\.00\.\d{2}\.08$/, 'Profile 0'],
  ] as const)(
    'writes the %s codec string from the decoder configuration',
    async (codec, pattern, profile) => {
      const filePath = await generateFragmentedSample(codec);
      const init = parseInitSegment(await fs.readFile(filePath));
      const probed = await probeStream(filePath);
      expect(probed.profile).toBe(profile);
      const match = pattern.exec(init.codecs);
      expect(match, init.codecs).not.toBeNull();
      // HEVC level_idc and AV1 seq_level_idx are what ffprobe calls the level.
      if (match?.[1] !== undefined) expect(Number(match[1])).toBe(probed.level);
      expect([init.width, init.height]).toEqual([320, 240]);
    },
  );

  it('reads channels and rate from the AudioSpecificConfig of a 44.1 kHz AAC track', async () => {
    const init = parseInitSegment(await fs.readFile(await generateFragmentedSample('aac')));
    expect(init).toMatchObject({
      codecs: 'mp4a.40.2',
      channelCount: 2,
      sampleRateHz: 44100,
      timescale: 44100,
    });
  });

  it('refuses a file without moov, naming what is missing', () => {
    const ftyp = Buffer.from('00000010667479706973366f00000000', 'hex');
    expect(() => parseInitSegment(ftyp)).toThrow(/no 'moov' box in the init segment/);
  });
});
