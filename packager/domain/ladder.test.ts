import { describe, expect, it } from 'vitest';
import { capFrameRate } from './frame-rate.js';
import { chooseH264Level } from './h264-level.js';
import type { LadderPlan, PlanResult } from './ladder-plan.js';
import { planLadder, type LadderOptions } from './ladder.js';
import { sourceMedia as source, sourceVideo as video } from '../../test/fixtures/source-media.js';

const OPTIONS: LadderOptions = { segmentDurationMs: 2000, x264Preset: 'veryfast' };

function planOf(result: PlanResult): LadderPlan {
  if (!result.ok) throw new Error(`expected a plan, got ${result.code}: ${result.message}`);
  return result.plan;
}

function sizes(plan: LadderPlan): string[] {
  return plan.video.map((rung) => `${rung.id} ${rung.width}x${rung.height}`);
}

describe('planLadder', () => {
  it('gives a 1080p30 source the four default rungs, highest first, with stereo AAC', () => {
    const plan = planOf(planLadder(source(), OPTIONS));
    expect(sizes(plan)).toEqual(['1080p 1920x1080', '720p 1280x720', '480p 854x480', '360p 640x360']);
    expect(plan.video.map((r) => [r.crf, r.maxrateBps, r.bufsizeBits, r.profile, r.level])).toEqual([
      [23, 6_000_000, 12_000_000, 'high', '4.0'],
      [23, 3_500_000, 7_000_000, 'high', '3.1'],
      [24, 1_600_000, 3_200_000, 'high', '3.1'],
      [25, 900_000, 1_800_000, 'high', '3.0'],
    ]);
    expect(plan.audio).toEqual({ id: 'audio', bitrateBps: 128_000, channels: 2, sampleRateHz: 48000 });
    expect(plan.frameRate).toEqual({ num: 30, den: 1 });
    expect(plan.gopFrames).toBe(60);
    expect(plan.segmentDurationMs).toBe(2000);
    expect(plan.x264Preset).toBe('veryfast');
    expect(plan.deinterlace).toBe(false);
    expect(plan.toneMap).toBe(false);
  });

  it('plans portrait sources by their short side', () => {
    const plan = planOf(planLadder(source({ video: video({ width: 1080, height: 1920 }) }), OPTIONS));
    expect(sizes(plan)).toEqual(['1080p 1080x1920', '720p 720x1280', '480p 480x854', '360p 360x640']);
  });

  it('applies a 90 or 270 degree rotation before choosing sizes', () => {
    for (const rotationDeg of [90, 270] as const) {
      const plan = planOf(
        planLadder(source({ video: video({ width: 1280, height: 720, rotationDeg }) }), OPTIONS),
      );
      expect(sizes(plan)).toEqual(['720p 720x1280', '480p 480x854', '360p 360x640']);
    }
    const upsideDown = planOf(planLadder(source({ video: video({ rotationDeg: 180 }) }), OPTIONS));
    expect(upsideDown.video[0]).toMatchObject({ width: 1920, height: 1080 });
  });

  it('applies the sample aspect ratio (anamorphic 800x640 at 64:45 displays as 16:9)', () => {
    const anamorphic = video({ width: 800, height: 640, sampleAspect: { num: 64, den: 45 } });
    const plan = planOf(planLadder(source({ video: anamorphic }), OPTIONS));
    expect(sizes(plan)).toEqual(['480p 854x480', '360p 640x360']);
  });

  it('keeps even dimensions for an odd-sized source and never plans a rung taller than it', () => {
    const plan = planOf(planLadder(source({ video: video({ width: 1278, height: 719 }) }), OPTIONS));
    // 719 lines: the 720p rung would upscale, so 480p is the top rung.
    expect(sizes(plan)).toEqual(['480p 854x480', '360p 640x360']);
    for (const rung of plan.video) {
      expect(rung.width % 2).toBe(0);
      expect(rung.height % 2).toBe(0);
    }
  });

  it('gives a source smaller than every rung one rung at its own even size', () => {
    expect(sizes(planOf(planLadder(source({ video: video({ width: 320, height: 240 }) }), OPTIONS)))).toEqual(
      ['240p 320x240'],
    );
    const odd = planOf(planLadder(source({ video: video({ width: 321, height: 179 }) }), OPTIONS));
    expect(sizes(odd)).toEqual(['178p 320x178']);
    expect(odd.video[0]).toMatchObject({ crf: 25, maxrateBps: 900_000, level: '3.0' });
  });

  it('keeps a square source square', () => {
    const plan = planOf(planLadder(source({ video: video({ width: 642, height: 642 }) }), OPTIONS));
    expect(sizes(plan)).toEqual(['480p 480x480', '360p 360x360']);
  });

  it('gives rungs above 30 fps 1.5x the rate cap and a level that allows the macroblock rate', () => {
    const plan = planOf(planLadder(source({ video: video({ frameRate: { num: 60, den: 1 } }) }), OPTIONS));
    expect(plan.frameRate).toEqual({ num: 60, den: 1 });
    expect(plan.gopFrames).toBe(120);
    expect(plan.video.map((r) => [r.id, r.maxrateBps, r.bufsizeBits, r.level])).toEqual([
      ['1080p', 9_000_000, 18_000_000, '4.2'],
      ['720p', 5_250_000, 10_500_000, '3.2'],
      ['480p', 2_400_000, 4_800_000, '3.1'],
      ['360p', 1_350_000, 2_700_000, '3.1'],
    ]);
  });

  it('keeps 23.976 fps as the rational 24000/1001 with 48-frame GOPs', () => {
    const plan = planOf(
      planLadder(source({ video: video({ frameRate: { num: 24000, den: 1001 } }) }), OPTIONS),
    );
    expect(plan.frameRate).toEqual({ num: 24000, den: 1001 });
    expect(plan.gopFrames).toBe(48);
  });

  it('rounds the GOP of 29.97 fps to whole frames (59.94 -> 60)', () => {
    const plan = planOf(
      planLadder(source({ video: video({ frameRate: { num: 60000, den: 2002 } }) }), OPTIONS),
    );
    expect(plan.frameRate).toEqual({ num: 30000, den: 1001 });
    expect(plan.gopFrames).toBe(60);
    expect(Number.isInteger(plan.gopFrames)).toBe(true);
  });

  it('uses the average rate of a variable-frame-rate source', () => {
    const plan = planOf(
      planLadder(source({ video: video({ frameRate: { num: 51600, den: 1841 } }) }), OPTIONS),
    );
    expect(plan.frameRate).toEqual({ num: 51600, den: 1841 });
    expect(plan.gopFrames).toBe(56);
  });

  it('caps the frame rate at maxFrameRate by an even decimation', () => {
    const fps = (num: number, den = 1) =>
      planOf(planLadder(source({ video: video({ frameRate: { num, den } }) }), OPTIONS)).frameRate;
    expect(fps(120)).toEqual({ num: 60, den: 1 });
    expect(fps(120000, 1001)).toEqual({ num: 60000, den: 1001 });
    expect(fps(100)).toEqual({ num: 50, den: 1 });
    expect(fps(6001, 100)).toEqual({ num: 60, den: 1 });
    const capped = planLadder(source({ video: video({ frameRate: { num: 50, den: 1 } }) }), {
      ...OPTIONS,
      maxFrameRate: 30,
    });
    expect(planOf(capped).frameRate).toEqual({ num: 25, den: 1 });
  });

  it('asks for deinterlacing and tone mapping when the source needs them', () => {
    const plan = planOf(
      planLadder(source({ video: video({ interlaced: true, hdr: true, bitDepth: 10 }) }), OPTIONS),
    );
    expect(plan.deinterlace).toBe(true);
    expect(plan.toneMap).toBe(true);
  });

  it('plans audio only for an audio-only source and video only for a silent one', () => {
    const audioOnly = planOf(planLadder(source({ video: null }), OPTIONS));
    expect(audioOnly.video).toEqual([]);
    expect(audioOnly.audio?.id).toBe('audio');
    expect(audioOnly.gopFrames).toBe(0);
    const silent = planOf(planLadder(source({ audio: null }), OPTIONS));
    expect(silent.audio).toBeNull();
    expect(silent.video).toHaveLength(4);
  });

  it('uses custom rungs in any order', () => {
    const plan = planOf(
      planLadder(source(), {
        ...OPTIONS,
        rungs: [
          { shortSide: 540, crf: 24, maxrateBps: 2_000_000 },
          { shortSide: 1080, crf: 22, maxrateBps: 7_000_000 },
        ],
      }),
    );
    expect(sizes(plan)).toEqual(['1080p 1920x1080', '540p 960x540']);
  });

  it('refuses a source with neither video nor audio', () => {
    const result = planLadder(source({ video: null, audio: null }), OPTIONS);
    expect(result).toMatchObject({ ok: false, code: 'no_media_streams' });
    expect(!result.ok && result.message).toMatch(/neither a video nor an audio track/);
  });

  it('refuses a video track ffmpeg cannot decode', () => {
    for (const broken of [
      video({ codec: 'none' }),
      video({ width: 0 }),
      video({ frameRate: { num: 0, den: 0 } }),
    ]) {
      expect(planLadder(source({ video: broken }), OPTIONS)).toMatchObject({
        ok: false,
        code: 'unsupported_media',
      });
    }
    const audio = planLadder(source({ audio: { codec: 'none', channels: 2, sampleRateHz: 48000 } }), OPTIONS);
    expect(audio).toMatchObject({ ok: false, code: 'unsupported_media' });
  });

  it('refuses a zero or unknown duration', () => {
    for (const durationMs of [0, Number.NaN, -5]) {
      const result = planLadder(source({ durationMs }), OPTIONS);
      expect(result).toMatchObject({ ok: false, code: 'unsupported_media' });
      expect(!result.ok && result.message).toMatch(/duration/);
    }
  });
});

describe('chooseH264Level', () => {
  const level = (width: number, height: number, fps: number, maxrateBps = 1_000_000) =>
    chooseH264Level({
      width,
      height,
      frameRate: { num: fps, den: 1 },
      maxrateBps,
      bufsizeBits: 2 * maxrateBps,
    });

  it('matches the usual levels for common sizes', () => {
    expect(level(1920, 1080, 60)).toBe('4.2');
    expect(level(1920, 1080, 30)).toBe('4.0');
    expect(level(1280, 720, 60)).toBe('3.2');
    expect(level(1280, 720, 30)).toBe('3.1');
    expect(level(854, 480, 30)).toBe('3.1');
    expect(level(640, 360, 30)).toBe('3.0');
    expect(level(3840, 2160, 30)).toBe('5.1');
  });

  it('raises the level when the rate cap needs it', () => {
    expect(level(1920, 1080, 30, 24_000_000)).toBe('4.1');
  });
});

describe('capFrameRate', () => {
  it('leaves rates under the cap alone, reduced to lowest terms', () => {
    expect(capFrameRate({ num: 60, den: 2 }, 60)).toEqual({ num: 30, den: 1 });
    expect(capFrameRate({ num: 24000, den: 1001 }, 60)).toEqual({ num: 24000, den: 1001 });
  });
});
