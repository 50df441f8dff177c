/**
 * The reader on files real devices and editors wrote (../shared/media, present in CI): plain MP4s with sample
 * tables, edit lists, QuickTime quirks. Skipped when the folder is absent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInitSegment } from './init-segment.js';

const MEDIA_DIR = path.resolve(import.meta.dirname, '../../../shared/media');
const read = (name: string) => fs.readFileSync(path.join(MEDIA_DIR, name));

describe.skipIf(!fs.existsSync(MEDIA_DIR))('parseInitSegment on real-world samples', () => {
  it('reads HEVC Main 10 with an edit list and four tracks (hvc1 entry ending in a QuickTime terminator)', () => {
    const init = parseInitSegment(read('sample_edit_list.mp4'));
    expect(init).toMatchObject({
      trackCount: 4,
      handler: 'vide',
      codecs: 'hvc1.2.4.L120.B0',
      width: 1920,
      height: 1080,
      timescale: 600,
      hasMvex: false,
      editList: [{ segmentDurationTicks: 1529, mediaTimeTicks: 273, mediaRate: 1 }],
    });
    expect(init.sampleCount).toBeGreaterThan(0);
  });

  it('reads a mono AAC track and its empty edit', () => {
    const init = parseInitSegment(read('sample_audio_only.mp4'));
    expect(init).toMatchObject({
      handler: 'soun',
      codecs: 'mp4a.40.2',
      channelCount: 1,
      sampleRateHz: 44100,
    });
    expect(init.editList[0]?.mediaTimeTicks).toBe(-1);
  });

  it('reads the H.264 constrained baseline level 1.3 of a small MP4', () => {
    expect(parseInitSegment(read('sample_simple.mp4'))).toMatchObject({
      codecs: 'avc1.42c00d',
      width: 320,
      height: 240,
    });
  });

  it('refuses the damaged file with a reason', () => {
    expect(() => parseInitSegment(read('sample_malformed_free_box.mp4'))).toThrow(
      /'free' box at 32 claims 3 bytes/,
    );
  });
});
