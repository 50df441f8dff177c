/**
 * The benchmark's sources, generated with lavfi and cached like the test fixtures. GOPs of 2 s (`-g 60`),
 * as cameras, phones and OBS write them: chunk jobs seek to the keyframe before their window, and with
 * x264's default 250-frame GOP every chunk would first decode up to 8 s it throws away.
 */
import { generateFfmpegFixture } from '../../fixtures/generate-media.js';

const VIDEO = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '16', '-g', '60', '-pix_fmt', 'yuv420p'];
const AUDIO = ['-c:a', 'aac', '-b:a', '192k', '-ar', '48000', '-ac', '2'];

function sine(durationS: number): string[] {
  return ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${durationS}`];
}

/** The benchmark source of the issue: 60 s, 1080p30, with audio (testsrc2: moving graphics and text). */
export function mainSource(): Promise<string> {
  return generateFfmpegFixture('bench-testsrc2-1080p30-60s', [
    ...['-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=30:duration=60'],
    ...sine(60),
    ...VIDEO,
    ...AUDIO,
    ...['-t', '60', '-f', 'mp4'],
  ]);
}

/** Low complexity: slides, a new still picture every 3 s (testsrc2 at 1/3 fps, repeated to 30 fps). */
export function slidesSource(durationS: number): Promise<string> {
  return generateFfmpegFixture(`bench-slides-1080p30-${durationS}s`, [
    ...['-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=1/3:duration=${durationS},fps=30`],
    ...sine(durationS),
    ...VIDEO,
    ...AUDIO,
    ...['-t', String(durationS), '-f', 'mp4'],
  ]);
}

/** High complexity: the moving test pattern under strong temporal grain (film grain, water, confetti). */
export function grainSource(durationS: number): Promise<string> {
  return generateFfmpegFixture(`bench-grain-1080p30-${durationS}s`, [
    ...['-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${durationS},noise=alls=12:allf=t+u`],
    ...sine(durationS),
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-g', '60', '-pix_fmt', 'yuv420p'],
    ...AUDIO,
    ...['-t', String(durationS), '-f', 'mp4'],
  ]);
}
