import { describe, expect, it, vi } from 'vitest';
import { createMemoryObjectStore } from '../../test/fakes/memory-object-store.js';
import { AppError } from '../domain/errors.js';
import { openSourceInput } from './source-input.js';

const SOURCE = Buffer.from('not really a video, but bytes all the same');

describe('openSourceInput', () => {
  it("hands the media tools the store's own URL when it has one", async () => {
    const store = createMemoryObjectStore();
    await store.put('a/source', SOURCE, { contentType: 'video/mp4' });
    const readableUrl = vi.fn(
      async (key: string, ttlSeconds: number) =>
        `https://s3.example.com/bucket/${key}?X-Amz-Expires=${ttlSeconds}&X-Amz-Signature=1`,
    );
    const input = await openSourceInput({ ...store, readableUrl }, 'a/source');
    const url = new URL(input.url);
    expect(url.pathname).toBe('/bucket/a/source');
    // Valid for longer than any part's encode.
    expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeGreaterThanOrEqual(3600);
    await input.close();
  });

  it('serves the object over loopback HTTP, with ranges, when the store has no URL', async () => {
    const store = createMemoryObjectStore();
    await store.put('a/source', SOURCE, { contentType: 'video/mp4' });
    const input = await openSourceInput(store, 'a/source');
    try {
      expect(new URL(input.url).hostname).toBe('127.0.0.1');
      const ranged = await fetch(input.url, { headers: { range: 'bytes=4-9' } });
      expect(ranged.status).toBe(206);
      expect(await ranged.text()).toBe(SOURCE.subarray(4, 10).toString());
    } finally {
      await input.close();
    }
  });

  it('says the source is gone, whichever way it would have been read, before any tool opens it', async () => {
    const store = createMemoryObjectStore();
    const readableUrl = vi.fn(async () => 'https://s3.example.com/bucket/gone');
    for (const from of [store, { ...store, readableUrl }]) {
      const error = await openSourceInput(from, 'a/gone').catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('object_not_found');
    }
    expect(readableUrl).not.toHaveBeenCalled();
  });
});
