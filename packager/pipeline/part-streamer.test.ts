import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import type { ChunkPlacer } from '../chunking/place-chunk.js';
import { createLogger } from '../platform/logger.js';
import type { TranscodedRendition } from '../ports.js';
import { frontMarkersPrefix, parseFrontMarker } from './part-storage.js';
import { createPartStreamer, type PartStreamInput } from './part-streamer.js';

const logger = createLogger({ level: 'silent', base: {} });
const ASSET = 'PartStreamer00000001';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-part-streamer-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Rendition `id` as the encode reports it with `count` segments written (files with their names inside). */
async function written(id: string, count: number): Promise<TranscodedRendition> {
  await fs.mkdir(path.join(dir, id), { recursive: true });
  const initPath = path.join(dir, id, 'init.mp4');
  await fs.writeFile(initPath, `${id} init`);
  const segmentPaths: string[] = [];
  for (let index = 1; index <= count; index += 1) {
    const file = path.join(dir, id, `${index}.m4s`);
    await fs.writeFile(file, `${id} ${index}`);
    segmentPaths.push(file);
  }
  return { id, type: 'video', initPath, segmentPaths };
}

/** A placer that records what it was asked to place (placement itself: place-chunk.test.ts). */
function recordingPlacer(): ChunkPlacer & { placed: Map<string, number> } {
  const placed = new Map<string, number>();
  return {
    placed,
    place: async (rendition, count) => {
      placed.set(rendition.id, Math.max(placed.get(rendition.id) ?? 0, count));
    },
  };
}

function input(overrides: Partial<PartStreamInput> = {}): PartStreamInput {
  return {
    // The second chunk of five segments: presentation segments 6-10 (index 5..9); the last declared (index 9)
    // is held back for the finish.
    placement: {
      assetId: ASSET,
      revision: 1,
      prefix: 'x/',
      firstSegment: 5,
      publishBelow: 9,
      publishInits: false,
    },
    placer: recordingPlacer(),
    renditionIds: ['v360', 'v720'],
    front: null,
    signal: new AbortController().signal,
    logger,
    stop: () => undefined,
    ...overrides,
  };
}

const segmentKey = (id: string, n: number) => `assets/${ASSET}/r1/${id}/${n}.m4s`;

describe('a part storing its segments while it encodes', () => {
  it('places every segment written and uploads each to its final key once, but for the held-back tail', async () => {
    const store = createMemoryObjectStore();
    const placer = recordingPlacer();
    const streamer = createPartStreamer(input({ placer }), store);
    streamer.written([await written('v360', 2), await written('v720', 1)]);
    streamer.written([await written('v360', 5), await written('v720', 5)]);
    const uploaded = await streamer.settle();
    expect([...uploaded].sort()).toEqual(
      ['v360', 'v720'].flatMap((id) => [6, 7, 8, 9].map((n) => segmentKey(id, n))).sort(),
    );
    expect(store.keys()).toEqual([...uploaded].sort());
    // Placement covers the tail too: the part's scratch copy of it must be in place as well.
    expect(Object.fromEntries(placer.placed)).toEqual({ v360: 5, v720: 5 });
    expect((await store.getBuffer(segmentKey('v720', 7), 100)).toString()).toBe('v720 2');
  });

  it("puts the first chunk's init segments at their final keys with its first segments", async () => {
    const store = createMemoryObjectStore();
    const placement = {
      assetId: ASSET,
      revision: 1,
      prefix: 'x/',
      firstSegment: 0,
      publishBelow: 9,
      publishInits: true,
    };
    const streamer = createPartStreamer(input({ placement }), store);
    streamer.written([await written('v360', 1), await written('v720', 1)]);
    await streamer.settle();
    expect(store.keys()).toEqual(
      [
        `assets/${ASSET}/r1/v360/init.mp4`,
        `assets/${ASSET}/r1/v720/init.mp4`,
        segmentKey('v360', 1),
        segmentKey('v720', 1),
      ].sort(),
    );
  });

  it('records its front where every rendition is stored, and asks for the provisional commit until done', async () => {
    const store = createMemoryObjectStore();
    const answers = ['not-yet', 'committed'] as const;
    const commitIfAhead = vi.fn(async () => answers[commitIfAhead.mock.calls.length - 1] ?? 'committed');
    const front = { part: 'c1', attemptId: 'a1-abcdef', commitIfAhead };
    const streamer = createPartStreamer(input({ front }), store);
    streamer.written([await written('v360', 2)]); // v720 has nothing yet: no front
    streamer.written([await written('v360', 2), await written('v720', 1)]);
    streamer.written([await written('v360', 3), await written('v720', 3)]);
    streamer.written([await written('v360', 4), await written('v720', 4)]);
    await streamer.settle();
    const prefix = frontMarkersPrefix(ASSET, 1);
    const markers = store
      .keys()
      .filter((key) => key.startsWith(prefix))
      .map((key) => parseFrontMarker(key.slice(prefix.length)));
    expect(markers.map((marker) => [marker?.part, marker?.attemptId, marker?.count])).toEqual([
      ['c1', 'a1-abcdef', 1],
      ['c1', 'a1-abcdef', 3],
    ]);
    // Committed on the second ask: no marker, no ask after it.
    expect(commitIfAhead).toHaveBeenCalledTimes(2);
  });

  it('keeps its first marker and its latest only, however long the part', async () => {
    const store = createMemoryObjectStore();
    const front = { part: 'c1', attemptId: 'a1-abcdef', commitIfAhead: async () => 'not-yet' as const };
    const streamer = createPartStreamer(input({ front }), store);
    for (const count of [1, 2, 3, 4]) {
      streamer.written([await written('v360', count), await written('v720', count)]);
    }
    await streamer.settle();
    const prefix = frontMarkersPrefix(ASSET, 1);
    const counts = store
      .keys()
      .filter((key) => key.startsWith(prefix))
      .map((key) => parseFrontMarker(key.slice(prefix.length))?.count);
    expect(counts).toEqual([1, 4]);
  });

  it('stops the encode on a failed upload and reports that failure', async () => {
    const store = createMemoryObjectStore();
    const failing = { ...store, putFile: async () => Promise.reject(new Error('S3 is down')) };
    const stop = vi.fn();
    const streamer = createPartStreamer(input({ stop }), failing);
    streamer.written([await written('v360', 1), await written('v720', 1)]);
    await expect(streamer.settle()).rejects.toThrow('S3 is down');
    expect(stop).toHaveBeenCalledOnce();
  });

  it('goes on encoding when the provisional commit check fails', async () => {
    const store = createMemoryObjectStore();
    const front = {
      part: 'c1',
      attemptId: 'a1-abcdef',
      commitIfAhead: async () => Promise.reject(new Error('catalog unreachable')),
    };
    const stop = vi.fn();
    const streamer = createPartStreamer(input({ front, stop }), store);
    streamer.written([await written('v360', 2), await written('v720', 2)]);
    await expect(streamer.settle()).resolves.toHaveProperty('size', 4);
    expect(stop).not.toHaveBeenCalled();
  });
});
