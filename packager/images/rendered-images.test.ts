import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finishedThumbnails, prepareImageFolders, thumbnailFile } from './rendered-images.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-thumbs-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('finished thumbnails of a running encode', () => {
  it('are every numbered thumbnail but the highest, which ffmpeg may still be writing', async () => {
    await prepareImageFolders(dir);
    for (const index of [0, 1, 2, 10, 9]) await fs.writeFile(thumbnailFile(dir, index), 'jpeg');
    await fs.writeFile(path.join(dir, 'thumbs', 'notes.txt'), 'not a thumbnail');
    expect(await finishedThumbnails(dir)).toEqual([0, 1, 2, 9]);
  });

  it('are none before the first two, or before the folder exists', async () => {
    expect(await finishedThumbnails(dir)).toEqual([]);
    await prepareImageFolders(dir);
    expect(await finishedThumbnails(dir)).toEqual([]);
    await fs.writeFile(thumbnailFile(dir, 0), 'jpeg');
    expect(await finishedThumbnails(dir)).toEqual([]);
  });
});
