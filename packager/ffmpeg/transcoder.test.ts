import { describe, expect, it } from 'vitest';
import { planLadder } from '../domain/ladder.js';
import { buildTranscodeArgs, buildTranscodeCommand } from './args.js';
import { createFluentCommand } from './transcoder.js';

describe('createFluentCommand', () => {
  it('hands ffmpeg exactly the argv args.ts built (plus fluent-ffmpeg’s own -y)', () => {
    const result = planLadder(
      {
        formatName: 'mp4',
        durationMs: 10_000,
        video: {
          codec: 'h264',
          width: 1920,
          height: 1080,
          sampleAspect: { num: 1, den: 1 },
          rotationDeg: 0,
          frameRate: { num: 30, den: 1 },
          interlaced: false,
          pixelFormat: 'yuv420p',
          bitDepth: 8,
          hdr: false,
        },
        audio: { codec: 'aac', channels: 2, sampleRateHz: 48000 },
      },
      { segmentDurationMs: 2000, x264Preset: 'veryfast' },
    );
    if (!result.ok) throw new Error(result.message);
    const input = { sourcePath: '/in/a b.mp4', plan: result.plan, outputDir: '/out', threads: 0 };
    const fluentArgv = createFluentCommand('ffmpeg', buildTranscodeCommand(input))._getArguments();
    const expected = buildTranscodeArgs(input);
    const afterInput = expected.indexOf('/in/a b.mp4') + 1;
    expect(fluentArgv).toEqual([...expected.slice(0, afterInput), '-y', ...expected.slice(afterInput)]);
  });
});
