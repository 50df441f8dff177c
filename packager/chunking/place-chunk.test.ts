import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateDashLadder, type DashLadderFixture } from '../../test/fixtures/generate-media.js';
import { parseMediaSegment } from '../media/media-segment.js';
import { readInitSegmentFile, readSegmentFile } from '../media/read-media-file.js';
import type { TranscodedRendition } from '../ports.js';
import { createChunkPlacer } from './place-chunk.js';

let ladder: DashLadderFixture;
let dir: string;
beforeAll(async () => {
  ladder = await generateDashLadder({
    source: { durationS: 6, width: 320, height: 180, fps: 30, audio: false },
    rungHeights: [180],
  });
}, 60_000);
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function decodeTimes(rendition: TranscodedRendition): Promise<Array<number | null>> {
  const init = await readInitSegmentFile(rendition.initPath);
  return Promise.all(
    rendition.segmentPaths.map(async (file) => {
      const [fragment] = parseMediaSegment(await readSegmentFile(file), init).fragments;
      return fragment?.baseMediaDecodeTime ?? null;
    }),
  );
}

describe('placing a chunk as its encode writes it', () => {
  it('moves each segment to the chunk start exactly once, however often it is asked', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-place-chunk-'));
    const files = ladder.video[0];
    if (!files) throw new Error('no rendition generated');
    const copy = async (file: string) => {
      const target = path.join(dir, path.basename(file));
      await fs.copyFile(file, target);
      return target;
    };
    const rendition: TranscodedRendition = {
      id: 'v180',
      type: 'video',
      initPath: await copy(files.initPath),
      segmentPaths: await Promise.all(files.segmentPaths.map(copy)),
    };
    const before = await decodeTimes(rendition);
    const { timescale } = await readInitSegmentFile(rendition.initPath);
    expect(before).toHaveLength(3);

    // A chunk starting at frame 300 (10 s at 30 fps); the encode reports one segment, then all three, twice.
    const placer = createChunkPlacer(300, { num: 30, den: 1 });
    await placer.place(rendition, 1);
    await placer.place(rendition, 3);
    await placer.place(rendition, 3);
    await placer.place(rendition, 2);
    const after = await decodeTimes(rendition);
    expect(after).toEqual(before.map((ticks) => (ticks ?? 0) + 10 * timescale));
  });
});
