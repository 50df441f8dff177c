import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import type { EncodeImagesSpec } from '../ports.js';
import { chunkImagesSpec, fetchRunImages, partsTookImages, storePartImages } from './part-images.js';
import type { EncodedPart } from './stage-jobs.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-part-images-'));
});
afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

const part = (name: string, images?: EncodedPart['images']): EncodedPart => ({
  part: name,
  prefix: `work/${name}/`,
  firstSegment: 0,
  renditions: {},
  ...(images ? { images } : {}),
});

/** What a chunk's encode leaves: thumbnails `first`.. and the posters of `heights`. */
async function encoded(
  folder: string,
  first: number,
  count: number,
  heights: number[],
): Promise<EncodeImagesSpec> {
  const spec = { dir: path.join(dir, folder), intervalMs: 1000, posterAtMs: 0 };
  await fs.mkdir(path.join(spec.dir, 'thumbs'), { recursive: true });
  for (let index = first; index < first + count; index += 1) {
    await fs.writeFile(path.join(spec.dir, 'thumbs', `${index}.jpg`), `thumb ${index}`);
  }
  for (const height of heights)
    await fs.writeFile(path.join(spec.dir, `poster-${height}.jpg`), `poster ${height}`);
  return {
    ...spec,
    part: { firstThumbnail: first, thumbnails: count, gridOffsetSeconds: 0, posterFrame: null },
  };
}

describe('a chunked run images', () => {
  it('stores each chunk share and brings them together into one grid', async () => {
    const store = createMemoryObjectStore();
    const first = await storePartImages(store, 'work/c0/', await encoded('c0', 0, 2, []));
    const second = await storePartImages(store, 'work/c1/', await encoded('c1', 2, 3, [1080, 360]));
    expect(first).toEqual({ firstThumbnail: 0, thumbnails: 2, posterHeights: [] });
    expect(second).toEqual({ firstThumbnail: 2, thumbnails: 3, posterHeights: [1080, 360] });
    expect(store.keys()).toContain('work/c1/images/thumbs/4.jpg');

    const into = path.join(dir, 'run');
    const parts = [part('c0', first), part('c1', second)];
    expect(partsTookImages(parts)).toBe(true);
    await fetchRunImages(store, parts, into);
    expect((await fs.readdir(path.join(into, 'thumbs'))).sort()).toEqual([
      '0.jpg',
      '1.jpg',
      '2.jpg',
      '3.jpg',
      '4.jpg',
    ]);
    expect(await fs.readFile(path.join(into, 'thumbs', '3.jpg'), 'utf8')).toBe('thumb 3');
    expect(await fs.readFile(path.join(into, 'poster-360.jpg'), 'utf8')).toBe('poster 360');
  });

  it('refuses shares that leave a part without images or a gap in the grid', () => {
    const images = (firstThumbnail: number, thumbnails: number) => ({
      firstThumbnail,
      thumbnails,
      posterHeights: [],
    });
    expect(partsTookImages([part('c0', images(0, 2)), part('c1')])).toBe(false);
    expect(partsTookImages([part('c0', images(0, 2)), part('c1', images(3, 2))])).toBe(false);
    expect(partsTookImages([part('c0', images(1, 2))])).toBe(false);
    expect(
      partsTookImages([part('c0', images(0, 2)), part('c1', images(2, 0)), part('c2', images(2, 1))]),
    ).toBe(true);
  });

  it('gives a chunk that holds no grid point and not the poster an empty share, still reported', async () => {
    const plan = { video: [{ height: 360 }], frameRate: { num: 30, den: 1 } } as never;
    const chunk = {
      part: 'c1',
      startFrame: 60,
      frameCount: 60,
      window: { startSeconds: '2', durationSeconds: '2' },
    };
    // 60 s: a thumbnail every 1 s, so this 2 s chunk holds two; 20 minutes: every 4 s, and none from 2 s to 4 s.
    expect(chunkImagesSpec(plan, chunk, 60_000, dir)?.part).toMatchObject({
      firstThumbnail: 2,
      thumbnails: 2,
    });
    const empty = chunkImagesSpec(plan, chunk, 1_200_000, path.join(dir, 'empty'));
    expect(empty?.part).toMatchObject({ firstThumbnail: 1, thumbnails: 0, posterFrame: null });
    // Its encode writes no image (ffmpeg/image-outputs.ts) into the folders the transcoder made.
    await fs.mkdir(path.join(dir, 'empty', 'thumbs'), { recursive: true });
    const store = createMemoryObjectStore();
    const images = await storePartImages(store, 'work/c1/', empty as EncodeImagesSpec);
    expect(images).toEqual({ firstThumbnail: 1, thumbnails: 0, posterHeights: [] });
    const first = { firstThumbnail: 0, thumbnails: 0, posterHeights: [] };
    expect(partsTookImages([part('c0', first), part('c1', images)])).toBe(true);
  });
});
