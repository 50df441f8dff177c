/**
 * The ffmpeg adapters against the real ffmpeg/ffprobe: probe, plan and transcode a generated 10 s 1080p30
 * clip with audio into the CMAF ladder, and check what a player would rely on.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../packager/domain/errors.js';
import type { LadderPlan } from '../../packager/domain/ladder-plan.js';
import { planLadder } from '../../packager/domain/ladder.js';
import type { SourceMedia } from '../../packager/domain/media-source.js';
import { createFfprobeProber } from '../../packager/ffmpeg/prober.js';
import { createFfmpegTranscoder } from '../../packager/ffmpeg/transcoder.js';
import { measureRendition } from '../../packager/media/measure-rendition.js';
import { describePresentation } from '../../packager/pipeline/describe-presentation.js';
import type { Logger, TranscodedRendition } from '../../packager/ports.js';
import { generateClip } from '../fixtures/generate-media.js';
import {
  concatenate,
  ftypBrands,
  probeStream,
  segmentStartsSeconds,
  segmentsStartOnKeyframes,
  videoPackets,
} from './ffmpeg-inspect.js';

const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';
const FFPROBE = process.env.FFPROBE_PATH ?? 'ffprobe';
const prober = createFfprobeProber({ ffprobePath: FFPROBE });

/** A Logger that remembers the pid of every ffmpeg it is told about. */
function pidLogger(pids: number[]): Logger {
  const logger: Logger = {
    debug: (obj) => {
      const pid = (obj as { pid?: unknown }).pid;
      if (typeof pid === 'number') pids.push(pid);
    },
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    child: () => logger,
  };
  return logger;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let workDir: string;
let sourcePath: string;
let media: SourceMedia;
let plan: LadderPlan;
let renditions: readonly TranscodedRendition[];
const progress: number[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'scalacast-ffmpeg-'));
  sourcePath = await generateClip({ durationS: 10, width: 1920, height: 1080, fps: 30, audio: true });
  media = await prober.probe(sourcePath);
  const result = planLadder(media, { segmentDurationMs: 2000, x264Preset: 'veryfast' });
  if (!result.ok) throw new Error(result.message);
  plan = result.plan;
  const outputDir = await mkdtemp(path.join(workDir, 'ladder-'));
  const startedMs = performance.now();
  renditions = await createFfmpegTranscoder({ ffmpegPath: FFMPEG }).transcode(sourcePath, plan, outputDir, {
    sourceDurationMs: media.durationMs,
    onProgress: (percent) => progress.push(percent),
    // As a whole-source job runs it: images from the encode's pictures, the poster 5 s in.
    images: { dir: path.join(workDir, 'images'), intervalMs: 1000, posterAtMs: 5000 },
  });
  const seconds = (performance.now() - startedMs) / 1000;
  // A figure for the report, not an assertion: this box's speed depends on what else runs.
  console.info(
    `10 s 1080p30 -> 4 rungs + AAC, preset veryfast: ${seconds.toFixed(1)} s (${(10 / seconds).toFixed(2)}x realtime, load ${os.loadavg()[0]?.toFixed(1)})`,
  );
});

afterAll(async () => {
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

describe('ffprobe prober', () => {
  it('describes the generated clip', () => {
    expect(media.video).toMatchObject({
      codec: 'h264',
      width: 1920,
      height: 1080,
      rotationDeg: 0,
      frameRate: { num: 30, den: 1 },
      bitDepth: 8,
      hdr: false,
      interlaced: false,
    });
    expect(media.audio).toEqual({ codec: 'aac', channels: 2, sampleRateHz: 48000 });
    expect(media.durationMs).toBeGreaterThanOrEqual(10_000);
    expect(media.durationMs).toBeLessThan(10_100);
  });

  it('refuses a file that is not media, in words a person understands', async () => {
    const junk = path.join(workDir, 'notes.mp4');
    await writeFile(junk, 'these are my holiday notes, not a video');
    const error = (await prober.probe(junk).catch((e: unknown) => e)) as AppError;
    expect(error).toMatchObject({ code: 'source_unreadable', retryable: false });
    expect(error.message).toBe('The upload is not a video file ffprobe can read: moov atom not found');
    expect(error.details.ffprobe).toContain('Invalid data found when processing input');
    expect(error.message).not.toContain(workDir);
  });

  it('honours an aborted signal', async () => {
    const error = await prober.probe(sourcePath, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'cancelled' });
  });
});

describe('ffmpeg transcoder', () => {
  it('produces four rungs of five segments, and the audio as ffmpeg cut it', async () => {
    expect(renditions.map((r) => [r.id, r.type])).toEqual([
      ['1080p', 'video'],
      ['720p', 'video'],
      ['480p', 'video'],
      ['360p', 'video'],
      ['audio', 'audio'],
    ]);
    for (const rendition of renditions.filter((r) => r.type === 'video')) {
      expect(rendition.segmentPaths).toHaveLength(5);
    }
    // The AAC encoder's 1024 priming samples make the audio ~21 ms longer than the video; the dash muxer may
    // write that overhang as a sixth, tiny segment. The transcoder keeps ffmpeg's segments as they are.
    const audioStarts = await segmentStartsSeconds(renditions[4]!);
    expect(audioStarts.filter((start) => start < 10)).toHaveLength(5);
    expect(audioStarts.length).toBeLessThanOrEqual(6);
  });

  it('leaves tail merging to the describe stage, which ends with five segments in every rendition', async () => {
    const measured = await Promise.all(renditions.map((rendition) => measureRendition(rendition)));
    const described = describePresentation(measured, plan);
    if (!described.ok) throw new Error(described.message);
    const { video, audio } = described.presentation;
    expect([...video, ...audio].map((rendition) => rendition.segments.length)).toEqual([5, 5, 5, 5, 5]);
  });

  it('writes CMAF H.264 High at the planned sizes and levels, and AAC-LC stereo 48 kHz', async () => {
    for (const rendition of renditions) {
      expect(await ftypBrands(rendition.initPath)).toContain('cmfc');
      const joined = await concatenate(workDir, rendition.initPath, rendition.segmentPaths);
      const stream = await probeStream(joined);
      const rung = plan.video.find((r) => r.id === rendition.id);
      if (rung === undefined) {
        expect(stream).toMatchObject({ codec_name: 'aac', profile: 'LC', channels: 2, sample_rate: '48000' });
      } else {
        expect(stream).toMatchObject({
          codec_name: 'h264',
          profile: 'High',
          width: rung.width,
          height: rung.height,
        });
        expect(stream.pix_fmt).toBe('yuv420p');
        expect(stream.level).toBe(Math.round(Number(rung.level) * 10));
      }
    }
  });

  it('starts every video segment with a keyframe at the same time in every rung', async () => {
    const video = renditions.filter((r) => r.type === 'video');
    for (const rendition of video) {
      expect(await segmentStartsSeconds(rendition)).toEqual([0, 2, 4, 6, 8]);
      expect(await segmentsStartOnKeyframes(workDir, rendition)).toEqual([true, true, true, true, true]);
    }
    const keyframeTimes = await Promise.all(
      video.map(async (rendition) => {
        const packets = await videoPackets(
          await concatenate(workDir, rendition.initPath, rendition.segmentPaths),
        );
        return packets.filter((packet) => packet.key).map((packet) => packet.ptsSeconds);
      }),
    );
    expect(keyframeTimes[0]).toHaveLength(5);
    for (const times of keyframeTimes) expect(times).toEqual(keyframeTimes[0]);
  });

  it('cuts audio segments within one AAC frame after the video boundaries', async () => {
    const audio = renditions.find((r) => r.type === 'audio');
    if (audio === undefined) throw new Error('no audio rendition');
    const starts = await segmentStartsSeconds(audio);
    const aacFrameSeconds = 1024 / 48000;
    starts.forEach((start, index) => {
      expect(start - index * 2).toBeGreaterThanOrEqual(0);
      expect(start - index * 2).toBeLessThanOrEqual(aacFrameSeconds + 1e-9);
    });
  });

  it('keeps 29.97 fps segments frame-exact and the audio within one AAC frame of them', async () => {
    const ntscPath = await generateClip({ durationS: 12, width: 640, height: 360, fps: 29.97, audio: true });
    const ntsc = await prober.probe(ntscPath);
    const result = planLadder(ntsc, { segmentDurationMs: 2000, x264Preset: 'ultrafast' });
    if (!result.ok) throw new Error(result.message);
    expect(result.plan.gopFrames).toBe(60);
    const outputDir = await mkdtemp(path.join(workDir, 'ntsc-'));
    const [video, audio] = await createFfmpegTranscoder({ ffmpegPath: FFMPEG }).transcode(
      ntscPath,
      result.plan,
      outputDir,
    );
    if (video === undefined || audio === undefined) throw new Error('expected video and audio');
    const segmentSeconds = (60 * result.plan.frameRate.den) / result.plan.frameRate.num;
    const videoStarts = await segmentStartsSeconds(video);
    expect(videoStarts).toHaveLength(6);
    videoStarts.forEach((start, index) => expect(start).toBeCloseTo(index * segmentSeconds, 6));
    expect(await segmentsStartOnKeyframes(workDir, video)).toEqual(Array.from({ length: 6 }, () => true));
    const audioStarts = await segmentStartsSeconds(audio);
    // Cut on the nominal 2 s instead, the audio would fall behind from the fifth boundary (10.005 vs 10.010).
    expect(audioStarts).toHaveLength(6);
    audioStarts.forEach((start, index) => {
      const lead = start - (videoStarts[index] ?? NaN);
      expect(lead).toBeGreaterThanOrEqual(0);
      expect(lead).toBeLessThanOrEqual(1024 / 48000);
    });
  });

  it('reports progress that only grows and ends at 100, while it writes images too', () => {
    // Every half second of a multi-second encode: an image output starting late (a poster, a storyboard
    // sheet) silenced ffmpeg's reports until it started.
    expect(progress.filter((percent) => percent > 0 && percent < 50).length).toBeGreaterThan(2);
    progress.slice(1).forEach((percent, index) => expect(percent).toBeGreaterThan(progress[index] ?? 0));
    expect(progress[progress.length - 1]).toBe(100);
  });

  it('kills ffmpeg when the signal aborts and rejects with cancelled', async () => {
    const pids: number[] = [];
    const controller = new AbortController();
    let abortedAtMs = 0;
    const outputDir = await mkdtemp(path.join(workDir, 'aborted-'));
    const transcoder = createFfmpegTranscoder({ ffmpegPath: FFMPEG, logger: pidLogger(pids) });
    const error = (await transcoder
      .transcode(sourcePath, plan, outputDir, {
        signal: controller.signal,
        sourceDurationMs: media.durationMs,
        onProgress: (percent) => {
          if (percent > 0 && !controller.signal.aborted) {
            abortedAtMs = performance.now();
            controller.abort();
          }
        },
      })
      .catch((e: unknown) => e)) as AppError;
    console.info(`abort -> rejection after ${Math.round(performance.now() - abortedAtMs)} ms`);
    expect(error).toMatchObject({ code: 'cancelled', retryable: false });
    expect(pids).toHaveLength(1);
    expect(isRunning(pids[0] ?? 0)).toBe(false);
  });

  it('calls a kill it did not ask for retryable (the OOM killer, an operator)', async () => {
    const pids: number[] = [];
    const outputDir = await mkdtemp(path.join(workDir, 'killed-'));
    const transcoder = createFfmpegTranscoder({ ffmpegPath: FFMPEG, logger: pidLogger(pids) });
    let killed = false;
    const error = (await transcoder
      .transcode(sourcePath, plan, outputDir, {
        sourceDurationMs: media.durationMs,
        onProgress: () => {
          const pid = pids[0];
          if (!killed && pid !== undefined) {
            killed = true;
            process.kill(pid, 'SIGKILL');
          }
        },
      })
      .catch((e: unknown) => e)) as AppError;
    expect(error).toMatchObject({
      code: 'transcode_failed',
      retryable: true,
      details: { signal: 'SIGKILL' },
    });
  });

  it('runs a background encode at a lower CPU priority than the worker', async () => {
    const pids: number[] = [];
    const niceness: number[] = [];
    const controller = new AbortController();
    const outputDir = await mkdtemp(path.join(workDir, 'background-'));
    const transcoder = createFfmpegTranscoder({ ffmpegPath: FFMPEG, logger: pidLogger(pids) });
    await transcoder
      .transcode(sourcePath, plan, outputDir, {
        signal: controller.signal,
        priority: 'background',
        sourceDurationMs: media.durationMs,
        onProgress: (percent) => {
          const pid = pids[0];
          if (percent > 0 && pid !== undefined && !controller.signal.aborted) {
            niceness.push(os.getPriority(pid));
            controller.abort();
          }
        },
      })
      .catch(() => undefined);
    expect(niceness).toEqual([Math.min(19, os.getPriority() + 10)]);
  });

  it('does not start ffmpeg for an already aborted signal', async () => {
    const pids: number[] = [];
    const transcoder = createFfmpegTranscoder({ ffmpegPath: FFMPEG, logger: pidLogger(pids) });
    const error = await transcoder
      .transcode(sourcePath, plan, workDir, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'cancelled' });
    expect(pids).toEqual([]);
  });

  it('fails with transcode_failed and the stderr tail when ffmpeg cannot read the source', async () => {
    const junk = path.join(workDir, 'junk.mp4');
    await writeFile(junk, Buffer.alloc(4096, 7));
    const outputDir = await mkdtemp(path.join(workDir, 'failed-'));
    const error = (await createFfmpegTranscoder({ ffmpegPath: FFMPEG })
      .transcode(junk, plan, outputDir)
      .catch((e: unknown) => e)) as AppError;
    expect(error).toMatchObject({ code: 'transcode_failed', retryable: false });
    expect(error.message).toBe('The video could not be encoded: moov atom not found');
    const tail = error.details.stderrTail as string[];
    expect(tail.length).toBeGreaterThan(0);
    expect(tail.length).toBeLessThanOrEqual(20);
    expect(tail).toContain('[error] Invalid data found when processing input');
    expect(tail.join('\n')).not.toContain(workDir);
  });
});
