/**
 * The media tools reading a source kept by the filesystem store where it lies (its object file, trailer and
 * all), with real ffprobe and ffmpeg: the whole-source probe and a chunk's seek into the middle, as a
 * chunked run reads them, and no loopback server in between.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../packager/domain/errors.js';
import { createFfprobeProber } from '../../packager/ffmpeg/prober.js';
import { openSourceInput } from '../../packager/pipeline/source-input.js';
import { createFilesystemObjectStore } from '../../packager/storage/filesystem-object-store.js';
import { ffprobeJson, generateClip } from '../fixtures/generate-media.js';

const runFfmpeg = (args: string[]) => promisify(execFile)('ffmpeg', args);
let rootDir: string;

beforeAll(async () => {
  rootDir = await mkdtemp(path.join(os.tmpdir(), 'scalacast-local-source-'));
});

afterAll(async () => {
  await rm(rootDir, { recursive: true, force: true });
});

describe('a source in the filesystem store, read by the media tools where it lies', () => {
  it('is probed and seeked into through its own bytes only, not the trailer after them', async () => {
    const clip = await generateClip({ durationS: 4, width: 320, height: 240, fps: 25, audio: true });
    const store = createFilesystemObjectStore({ rootDir });
    await store.putFile('assets/a/source', clip, 'video/mp4');

    const input = await openSourceInput(store, 'assets/a/source');
    try {
      expect(input.url).toMatch(/^subfile,/);
      const media = await createFfprobeProber({ ffprobePath: 'ffprobe' }).probe(input.url);
      expect(media.durationMs).toBeGreaterThan(3900);
      expect(media.durationMs).toBeLessThan(4100);
      expect(media.video).toMatchObject({ width: 320, height: 240 });
      // ffmpeg sees the object's bytes, not the file's: the trailer is left out.
      const probed = (await ffprobeJson(input.url, 'format=size')) as { format: { size: string } };
      expect(Number(probed.format.size)).toBe((await stat(clip)).size);
      // A chunk's window: seek to 2 s and decode half a second, every frame of it.
      const { stdout: frames } = await runFfmpeg([
        ...['-hide_banner', '-nostdin', '-ss', '2', '-t', '0.5', '-i', input.url],
        ...['-map', '0:v:0', '-f', 'framecrc', '-'],
      ]);
      expect(frames.split('\n').filter((line) => /^0,/.test(line))).toHaveLength(13);
    } finally {
      await input.close();
    }
  });

  it('says the source is gone when it was deleted before the tools open it', async () => {
    const store = createFilesystemObjectStore({ rootDir });
    const error = await openSourceInput(store, 'assets/gone/source').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('object_not_found');
    expect((error as AppError).message).toBe('The uploaded source is no longer in storage.');
  });
});
