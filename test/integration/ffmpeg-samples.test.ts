/**
 * The ffmpeg adapters over the real-world samples in ../shared/media (see its README): every sample is
 * probed, planned and transcoded and the output checked for what its quirk could break. Skipped when the
 * folder is absent.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../packager/domain/errors.js';
import { planLadder } from '../../packager/domain/ladder.js';
import { createFfprobeProber } from '../../packager/ffmpeg/prober.js';
import { createFfmpegTranscoder } from '../../packager/ffmpeg/transcoder.js';
import { concatenate, probeStream, segmentsStartOnKeyframes } from './ffmpeg-inspect.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const MEDIA_DIR = path.resolve(REPO_ROOT, '../shared/media');
const prober = createFfprobeProber({ ffprobePath: process.env.FFPROBE_PATH ?? 'ffprobe' });
const transcoder = createFfmpegTranscoder({ ffmpegPath: process.env.FFMPEG_PATH ?? 'ffmpeg' });

interface Expectation {
  readonly file: string;
  /** What the README says the sample exercises, as the test name. */
  readonly quirk: string;
  /** Expected video rungs as `id WxH`, highest first. */
  readonly video: readonly string[];
  readonly audio: boolean;
  /** Planned output frame rate. */
  readonly frameRate?: { readonly num: number; readonly den: number };
  readonly hdr?: boolean;
}

const SAMPLES: readonly Expectation[] = [
  {
    file: 'sample_rotate_and_reflect.mp4',
    quirk: '1080x720 with a -90 degree display matrix and reflection: rotation applied, output portrait',
    video: ['720p 720x1080', '480p 480x720', '360p 360x540'],
    audio: true,
  },
  {
    file: 'bbb_800x640_768kbps_30fps_avc_pyramid_3b.mp4',
    quirk: 'B-frame pyramid and a 64:45 sample aspect ratio: square-pixel 16:9 output',
    video: ['480p 854x480', '360p 640x360'],
    audio: false,
  },
  {
    file: 'sample_without_stss.mp4',
    quirk: 'no sync-sample table: segments still start on real keyframes',
    video: ['720p 1080x720', '480p 720x480', '360p 540x360'],
    audio: false,
  },
  {
    file: 'hlg10-color-test.mp4',
    quirk: 'HEVC 10-bit HLG with the audio track first: tone-mapped to 8-bit SDR H.264',
    video: ['1080p 1920x1080', '720p 1280x720', '480p 854x480', '360p 640x360'],
    audio: true,
    frameRate: { num: 90000, den: 3001 },
    hdr: true,
  },
  {
    file: 'bbb_642x642_768kbps_30fps_vp9.webm',
    quirk: 'VP9 in WebM, square frame: square rungs',
    video: ['480p 480x480', '360p 360x360'],
    audio: false,
  },
  {
    file: 'sample_audio_only.mp4',
    quirk: 'mono AAC only: one stereo 48 kHz AAC rendition',
    video: [],
    audio: true,
  },
  {
    file: 'sowt-with-video.mov',
    quirk: 'QuickTime 1080p50 with little-endian PCM: AAC audio, 50 fps kept',
    video: ['1080p 1920x1080', '720p 1280x720', '480p 854x480', '360p 640x360'],
    audio: true,
    frameRate: { num: 50, den: 1 },
  },
  {
    file: 'sample_edit_list.mp4',
    quirk: 'HEVC HLG with an edit list, rotation and two data tracks: portrait SDR, data ignored',
    video: ['1080p 1080x1920', '720p 720x1280', '480p 480x854', '360p 360x640'],
    audio: true,
    hdr: true,
  },
  {
    file: 'sample_with_srt.mkv',
    quirk: 'Matroska 720p60 with AC-3 and subtitles: 60 fps from r_frame_rate, subtitles ignored',
    video: ['720p 1080x720', '480p 720x480', '360p 540x360'],
    audio: true,
    frameRate: { num: 60, den: 1 },
  },
  {
    file: 'sample.avi',
    quirk: 'AVI with MPEG-4 Part 2 and MP3 at 23.976 fps',
    video: ['360p 864x360'],
    audio: true,
    frameRate: { num: 24000, den: 1001 },
  },
  {
    file: 'sample_simple.mp4',
    quirk: '320x240, smaller than every rung: one rung at its own size',
    video: ['240p 320x240'],
    audio: true,
  },
];

describe.skipIf(!existsSync(MEDIA_DIR))('real-world samples', () => {
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'scalacast-samples-'));
  });

  afterAll(async () => {
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  });

  it.each(SAMPLES)('$file: $quirk', async (sample) => {
    const sourcePath = path.join(MEDIA_DIR, sample.file);
    const media = await prober.probe(sourcePath);
    const result = planLadder(media, { segmentDurationMs: 2000, x264Preset: 'ultrafast' });
    if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
    const { plan } = result;
    expect(plan.video.map((rung) => `${rung.id} ${rung.width}x${rung.height}`)).toEqual(sample.video);
    expect(plan.audio !== null).toBe(sample.audio);
    expect(plan.toneMap).toBe(sample.hdr ?? false);
    if (sample.frameRate !== undefined) expect(plan.frameRate).toEqual(sample.frameRate);

    const outputDir = await mkdtemp(path.join(workDir, 'out-'));
    const renditions = await transcoder.transcode(sourcePath, plan, outputDir, {
      sourceDurationMs: media.durationMs,
    });
    expect(renditions.map((r) => r.id)).toEqual([
      ...plan.video.map((r) => r.id),
      ...(sample.audio ? ['audio'] : []),
    ]);

    for (const rendition of renditions) {
      expect(rendition.segmentPaths.length).toBeGreaterThan(0);
      const stream = await probeStream(
        await concatenate(workDir, rendition.initPath, rendition.segmentPaths),
      );
      const rung = plan.video.find((r) => r.id === rendition.id);
      if (rung === undefined) {
        expect(stream).toMatchObject({ codec_name: 'aac', channels: 2, sample_rate: '48000' });
        continue;
      }
      // Rotation baked into the pixels: the stated size with no display matrix left to apply.
      expect(stream).toMatchObject({
        codec_name: 'h264',
        width: rung.width,
        height: rung.height,
        pix_fmt: 'yuv420p',
      });
      expect(stream.side_data_list ?? []).toEqual([]);
      if (sample.hdr === true) expect(stream.color_transfer).toBe('bt709');
      expect(await segmentsStartOnKeyframes(workDir, rendition)).not.toContain(false);
    }
  });

  it('sample_malformed_free_box.mp4: a damaged MP4 is refused with a clear reason', async () => {
    const error = (await prober
      .probe(path.join(MEDIA_DIR, 'sample_malformed_free_box.mp4'))
      .catch((e: unknown) => e)) as AppError;
    expect(error).toMatchObject({ code: 'source_unreadable', retryable: false });
    expect(error.message).toBe('The upload is not a video file ffprobe can read: moov atom not found');
  });
});
