import { describe, expect, it } from 'vitest';
import { planLadder } from '../domain/ladder.js';
import { sourceMedia } from '../../test/fixtures/source-media.js';
import { buildTranscodeArgs, buildTranscodeCommand } from './args.js';
import { createFluentCommand } from './transcoder.js';

describe('createFluentCommand', () => {
  it('hands ffmpeg exactly the argv args.ts built (plus fluent-ffmpeg’s own -y)', () => {
    const result = planLadder(sourceMedia(), { segmentDurationMs: 2000, x264Preset: 'veryfast' });
    if (!result.ok) throw new Error(result.message);
    const input = { sourcePath: '/in/a b.mp4', plan: result.plan, outputDir: '/out', threads: 0 };
    const fluentArgv = createFluentCommand('ffmpeg', buildTranscodeCommand(input))._getArguments();
    const expected = buildTranscodeArgs(input);
    const afterInput = expected.indexOf('/in/a b.mp4') + 1;
    expect(fluentArgv).toEqual([...expected.slice(0, afterInput), '-y', ...expected.slice(afterInput)]);
  });
});
