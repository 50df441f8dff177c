import { describe, expect, it } from 'vitest';
import type { NewUpload } from '../../packager/ports.js';
import { START_MS } from './catalog-fixtures.js';
import type { PublisherHarness } from './publisher-stores-harness.js';

let counter = 0;

export function describeUploadStore(h: PublisherHarness): void {
  describe('UploadStore', () => {
    const newUpload = (lengthBytes = 100, expiresAtMs = START_MS + 60_000): NewUpload => ({
      id: `up${String((counter += 1)).padStart(10, '0')}`,
      keyId: 'key000000001',
      lengthBytes,
      metadata: {
        title: 'T',
        externalId: 'x-1',
        passthrough: { a: [1] },
        filename: 'a.mp4',
        contentType: null,
      },
      createdAtMs: START_MS,
      expiresAtMs,
    });
    const part = (offsetBytes: number, sizeBytes: number) => ({
      offsetBytes,
      sizeBytes,
      objectKey: `uploads/u/${offsetBytes}`,
    });

    it('creates an upload at offset 0 and reads it back', async () => {
      const input = newUpload(5_000_000_000);
      const created = await h.stores().uploads.createUpload(input);
      expect(created).toEqual({ ...input, offsetBytes: 0, assetId: null });
      expect(await h.stores().uploads.getUpload(input.id)).toEqual(created);
      expect(await h.stores().uploads.getUpload('up-unknown')).toBeNull();
    });

    it('appends parts only at the current offset and within the length', async () => {
      const uploads = h.stores().uploads;
      const { id } = await uploads.createUpload(newUpload(100));
      expect(await uploads.appendPart(id, part(0, 40), START_MS + 1)).toMatchObject({
        offsetBytes: 40,
        expiresAtMs: START_MS + 1,
      });
      expect(await uploads.appendPart(id, part(0, 40), START_MS + 2)).toBeNull();
      expect(await uploads.appendPart(id, part(40, 61), START_MS + 2)).toBeNull();
      expect(await uploads.appendPart(id, part(40, 60), START_MS + 2)).toMatchObject({ offsetBytes: 100 });
      expect(await uploads.listParts(id)).toEqual([part(0, 40), part(40, 60)]);
      expect(await uploads.appendPart('up-unknown', part(0, 1), START_MS)).toBeNull();
    });

    it('lets exactly one of two racing appends at one offset win', async () => {
      const uploads = h.stores().uploads;
      const { id } = await uploads.createUpload(newUpload(100));
      const results = await Promise.all([
        uploads.appendPart(id, { ...part(0, 10), objectKey: 'a' }, START_MS),
        uploads.appendPart(id, { ...part(0, 20), objectKey: 'b' }, START_MS),
      ]);
      expect(results.filter((result) => result !== null)).toHaveLength(1);
      expect(await uploads.listParts(id)).toHaveLength(1);
    });

    it('claims a complete upload once, and can release the claim', async () => {
      const uploads = h.stores().uploads;
      const { id } = await uploads.createUpload(newUpload(10));
      expect(await uploads.claimUpload(id, 'asset-a')).toBe(false); // not complete yet
      await uploads.appendPart(id, part(0, 10), START_MS);
      expect(await uploads.claimUpload(id, 'asset-a')).toBe(true);
      expect(await uploads.claimUpload(id, 'asset-b')).toBe(false);
      expect((await uploads.getUpload(id))?.assetId).toBe('asset-a');
      expect(await uploads.appendPart(id, part(10, 1), START_MS)).toBeNull();
      await uploads.releaseUpload(id, 'asset-b');
      expect((await uploads.getUpload(id))?.assetId).toBe('asset-a');
      await uploads.releaseUpload(id, 'asset-a');
      expect(await uploads.claimUpload(id, 'asset-b')).toBe(true);
    });

    it('lists expired uploads oldest first and deletes them with their parts', async () => {
      const uploads = h.stores().uploads;
      const late = await uploads.createUpload(newUpload(10, START_MS + 3000));
      const early = await uploads.createUpload(newUpload(10, START_MS + 1000));
      await uploads.createUpload(newUpload(10, START_MS + 9000));
      await uploads.appendPart(early.id, part(0, 5), START_MS + 2000);
      const expired = await uploads.listExpiredUploads(START_MS + 5000, 10);
      expect(expired.map((u) => u.id)).toEqual([early.id, late.id]);
      expect(await uploads.listExpiredUploads(START_MS + 5000, 1)).toHaveLength(1);
      expect(await uploads.deleteUpload(early.id)).toBe(true);
      expect(await uploads.deleteUpload(early.id)).toBe(false);
      expect(await uploads.listParts(early.id)).toEqual([]);
    });
  });
}
