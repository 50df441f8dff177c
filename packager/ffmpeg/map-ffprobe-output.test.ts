import { describe, expect, it } from 'vitest';
import { mapFfprobeOutput } from './map-ffprobe-output.js';

const H264 = {
  codec_type: 'video',
  codec_name: 'h264',
  width: 1080,
  height: 720,
  sample_aspect_ratio: '1:1',
  avg_frame_rate: '30000/1001',
  r_frame_rate: '30000/1001',
  pix_fmt: 'yuv420p',
  field_order: 'progressive',
};
const AAC = { codec_type: 'audio', codec_name: 'aac', channels: 1, sample_rate: '44100' };

function probe(
  streams: readonly object[],
  format: object = { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '1.024000' },
) {
  return mapFfprobeOutput({ format, streams });
}

describe('mapFfprobeOutput', () => {
  it('maps a plain H.264/AAC file', () => {
    expect(probe([H264, AAC])).toEqual({
      formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationMs: 1024,
      video: {
        codec: 'h264',
        width: 1080,
        height: 720,
        sampleAspect: { num: 1, den: 1 },
        rotationDeg: 0,
        frameRate: { num: 30000, den: 1001 },
        interlaced: false,
        pixelFormat: 'yuv420p',
        bitDepth: 8,
        hdr: false,
      },
      audio: { codec: 'aac', channels: 1, sampleRateHz: 44100 },
    });
  });

  it('reads the display-matrix rotation (counter-clockwise in ffprobe) as clockwise degrees', () => {
    const rotated = (rotation: number) =>
      probe([{ ...H264, side_data_list: [{ side_data_type: 'Display Matrix', rotation }] }]).video
        ?.rotationDeg;
    expect(rotated(-90)).toBe(90);
    expect(rotated(90)).toBe(270);
    expect(rotated(180)).toBe(180);
    expect(rotated(-180)).toBe(180);
    expect(rotated(0)).toBe(0);
  });

  it('falls back to the legacy clockwise rotate tag', () => {
    expect(probe([{ ...H264, tags: { rotate: '90' } }]).video?.rotationDeg).toBe(90);
    expect(probe([{ ...H264, tags: { rotate: '-90' } }]).video?.rotationDeg).toBe(270);
  });

  it('skips cover art and takes the first real video and the first audio stream', () => {
    const cover = {
      codec_type: 'video',
      codec_name: 'mjpeg',
      width: 600,
      height: 600,
      disposition: { attached_pic: 1 },
    };
    const second = { ...AAC, codec_name: 'mp3', channels: 6 };
    const media = probe([AAC, second, cover, H264, { codec_type: 'subtitle', codec_name: 'subrip' }]);
    expect(media.video?.codec).toBe('h264');
    expect(media.audio).toEqual({ codec: 'aac', channels: 1, sampleRateHz: 44100 });
  });

  it('derives bit depth, HDR and interlacing', () => {
    const hlg = probe([
      { ...H264, pix_fmt: 'yuv420p10le', color_transfer: 'arib-std-b67', field_order: 'unknown' },
    ]);
    expect(hlg.video).toMatchObject({ bitDepth: 10, hdr: true, interlaced: false });
    const pq = probe([{ ...H264, pix_fmt: 'p010le', color_transfer: 'smpte2084' }]);
    expect(pq.video).toMatchObject({ bitDepth: 10, hdr: true });
    const sdr = probe([{ ...H264, color_transfer: 'bt709', field_order: 'tt' }]);
    expect(sdr.video).toMatchObject({ bitDepth: 8, hdr: false, interlaced: true });
    expect(probe([{ ...H264, bits_per_raw_sample: '12' }]).video?.bitDepth).toBe(12);
  });

  it('ignores an average frame rate above the real one (Matroska reports its time base)', () => {
    const mkv = probe([{ ...H264, avg_frame_rate: '1000/1', r_frame_rate: '60/1' }]);
    expect(mkv.video?.frameRate).toEqual({ num: 60, den: 1 });
    const vfr = probe([{ ...H264, avg_frame_rate: '51600/1841', r_frame_rate: '30000/1001' }]);
    expect(vfr.video?.frameRate).toEqual({ num: 51600, den: 1841 });
    const unknown = probe([{ ...H264, avg_frame_rate: '0/0', r_frame_rate: '0/0' }]);
    expect(unknown.video?.frameRate).toEqual({ num: 0, den: 0 });
  });

  it('reads anamorphic sample aspect ratios and treats unknown ones as square', () => {
    expect(probe([{ ...H264, sample_aspect_ratio: '64:45' }]).video?.sampleAspect).toEqual({
      num: 64,
      den: 45,
    });
    expect(probe([{ ...H264, sample_aspect_ratio: '0:1' }]).video?.sampleAspect).toEqual({ num: 1, den: 1 });
    expect(probe([{ ...H264, sample_aspect_ratio: undefined }]).video?.sampleAspect).toEqual({
      num: 1,
      den: 1,
    });
  });

  it('takes the duration of the longer of the video and audio streams, else the format', () => {
    expect(probe([{ ...H264, duration: '2.5' }], { format_name: 'x' }).durationMs).toBe(2500);
    // A subtitle that outlasts both does not count; the longer of video and audio does.
    const subtitle = { codec_type: 'subtitle', codec_name: 'subrip', duration: '9.0' };
    const streams = [{ ...H264, duration: '1.001' }, { ...AAC, duration: '1.045' }, subtitle];
    expect(probe(streams, { format_name: 'x', duration: '9.0' }).durationMs).toBe(1045);
    // The video's own duration is kept beside it: chunks are cut within it.
    expect(probe(streams, { format_name: 'x', duration: '9.0' }).video?.durationMs).toBe(1001);
    expect(probe([{ ...H264 }], { format_name: 'x', duration: '2.0' }).durationMs).toBe(2000);
    const matroska = probe([{ ...H264, tags: { DURATION: '00:01:01.234000000' } }], { format_name: 'x' });
    expect([matroska.durationMs, matroska.video?.durationMs]).toEqual([61_234, 61_234]);
    expect(probe([H264], { format_name: 'x', duration: '2.0' }).video).not.toHaveProperty('durationMs');
    expect(probe([H264], { format_name: 'x', duration: 'N/A' }).durationMs).toBe(0);
  });

  it('reports missing streams as null and unknown codecs as none', () => {
    expect(probe([])).toMatchObject({ video: null, audio: null });
    expect(probe([{ codec_type: 'video' }]).video).toMatchObject({ codec: 'none', width: 0, height: 0 });
    expect(mapFfprobeOutput('garbage')).toEqual({
      formatName: 'unknown',
      durationMs: 0,
      video: null,
      audio: null,
    });
  });
});
